using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Emulator.Transport;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator.Rest
{
    /// <summary>
    /// Plain HTTP requests (no upgrade) the emulator serves: <c>POST /v1alpha/auth_tokens</c> issues an ephemeral token
    /// (protocol.md §1.1) for a request with a valid <c>x-goog-api-key</c> (or <c>?key=</c>; same rules as the
    /// WebSocket). Answers are Google-style JSON: 200 with the <c>AuthToken</c>; 403 PERMISSION_DENIED without a key;
    /// 400 INVALID_ARGUMENT for a wrong key (as Google's REST API answers "API key not valid") or a bad body;
    /// 404 for any other path. <c>POST /{v1beta|v1|v1alpha}/models/{model}:generateContent</c> answers with the
    /// deterministic <see cref="EmulatorTextModel"/> for the models of <see cref="TextModelCatalog"/> (same key rules;
    /// body checked by <see cref="EmulatorGenerateContentRequest"/>); another model or method there is 404 NOT_FOUND in
    /// the service's words. Neither the key nor the issued token is logged.
    /// </summary>
    internal static class EmulatorRestRouter
    {
        public const string AuthTokensPath = "/v1alpha/auth_tokens";
        public const string GenerateContentMethod = "generateContent";
        private const int MaxBodyBytes = 1 << 20;

        /// <summary><c>/{version}/models/{model}:{method}</c> (a <c>%3A</c> for the colon is accepted).</summary>
        private static readonly Regex ModelMethodPath = new Regex(@"^/(v1beta|v1|v1alpha)/models/([^/:]*):([^/:]*)$", RegexOptions.CultureInvariant);

        public static async Task AnswerAsync(GeminiEmulator emulator, UpgradeRequest request, EmulatorFaultLog log, CancellationToken stopping)
        {
            string path = request.Path.StartsWith("//", StringComparison.Ordinal) ? request.Path.Substring(1) : request.Path;
            int status;
            string body;
            string served = " (ephemeral token issued)";
            Match modelMethod = ModelMethodPath.Match(path.Replace("%3A", ":").Replace("%3a", ":"));
            if (modelMethod.Success)
            {
                byte[]? content = await request.ReadBodyAsync(MaxBodyBytes, stopping).ConfigureAwait(false);
                EmulatorTextReply? reply = null;
                (status, body) = content == null
                    ? (411, ErrorBody(411, "A request body with a Content-Length is required.", "INVALID_ARGUMENT"))
                    : GenerateContent(emulator.Settings.ApiKey, ApiKeyOf(request), modelMethod.Groups[1].Value, modelMethod.Groups[2].Value,
                        modelMethod.Groups[3].Value, content, out reply);
                if (reply != null)
                {
                    emulator.CountGenerateContent();
                    served = " (generateContent models/" + modelMethod.Groups[2].Value + ": " + reply.FinishReason + ")";
                }
            }
            else if (!string.Equals(path, AuthTokensPath, StringComparison.Ordinal))
            {
                status = 404;
                body = EmulatorConnection.NotFoundBody(request.Path, servedPath: false);
            }
            else
            {
                byte[]? content = await request.ReadBodyAsync(MaxBodyBytes, stopping).ConfigureAwait(false);
                (status, body) = content == null
                    ? (411, ErrorBody(411, "A request body with a Content-Length is required.", "INVALID_ARGUMENT"))
                    : IssueToken(emulator, request, content, DateTimeOffset.UtcNow);
            }

            string phrase = status switch { 200 => "OK", 400 => "Bad Request", 403 => "Forbidden", 404 => "Not Found", _ => "Length Required" };
            await request.RejectAsync(status, phrase, EmulatorConnection.NotFoundContentType, body, stopping).ConfigureAwait(false);
            log.Http(status + " " + phrase + (status == 200 ? served : " " + body));
        }

        /// <summary>The status and JSON body for a token request (pure: no I/O).</summary>
        internal static (int Status, string Body) IssueToken(GeminiEmulator emulator, UpgradeRequest request, byte[] content, DateTimeOffset now)
            => IssueToken(emulator.Tokens, emulator.Settings.ApiKey, ApiKeyOf(request), content, now);

        internal static (int Status, string Body) IssueToken(EmulatorTokenStore tokens, string? expectedApiKey, string? apiKey, byte[] content, DateTimeOffset now)
        {
            (int Status, string Body)? refused = RefuseKey(expectedApiKey, apiKey);
            if (refused.HasValue) return refused.Value;

            EmulatorAuthTokenRequest parsed;
            try
            {
                parsed = EmulatorAuthTokenRequest.Parse(content, now);
            }
            catch (FormatException ex)
            {
                return (400, ErrorBody(400, ex.Message, "INVALID_ARGUMENT"));
            }

            EmulatorTokenStore.Grant grant = tokens.Issue(parsed);
            return (200, Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("name", grant.Name);
                writer.WriteNumber("uses", parsed.Uses);
                writer.WriteString("expireTime", Rfc3339(parsed.ExpireTime));
                writer.WriteString("newSessionExpireTime", Rfc3339(parsed.NewSessionExpireTime));
                if (parsed.LockedSetup.HasValue)
                {
                    writer.WritePropertyName("bidiGenerateContentSetup");
                    parsed.LockedSetup.Value.WriteTo(writer);
                }
                if (parsed.FieldMask.Count > 0) writer.WriteString("fieldMask", string.Join(",", parsed.FieldMask));
                writer.WriteEndObject();
            }));
        }

        /// <summary>
        /// The status and JSON body for <c>models/{model}:{method}</c> on <paramref name="version"/> (pure: no I/O);
        /// <paramref name="reply"/> is the model's answer when the status is 200.
        /// </summary>
        internal static (int Status, string Body) GenerateContent(string? expectedApiKey, string? apiKey, string version, string model, string method, byte[] content, out EmulatorTextReply? reply)
        {
            reply = null;
            (int Status, string Body)? refused = RefuseKey(expectedApiKey, apiKey);
            if (refused.HasValue) return refused.Value;

            TextModel? served = model.Length == 0 ? null : TextModelCatalog.Find(model);
            if (served == null || !string.Equals(method, GenerateContentMethod, StringComparison.Ordinal))
            {
                return (404, ErrorBody(404, "models/" + model + " is not found for API version " + version + ", or is not supported for " + method
                    + ". Call ListModels to see the list of available models and their supported methods.", "NOT_FOUND"));
            }

            EmulatorGenerateContentRequest parsed;
            try
            {
                parsed = EmulatorGenerateContentRequest.Parse(content, served, version);
            }
            catch (FormatException ex)
            {
                return (400, ErrorBody(400, ex.Message, "INVALID_ARGUMENT"));
            }

            EmulatorTextReply answer = EmulatorTextModel.Answer(served.Id, parsed);
            reply = answer;
            return (200, Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("candidates");
                writer.WriteStartObject();
                writer.WriteStartObject("content");
                writer.WriteStartArray("parts");
                writer.WriteStartObject();
                writer.WriteString("text", answer.Text);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteString("role", EmulatorGenerateContentRequest.ModelRole);
                writer.WriteEndObject();
                writer.WriteString("finishReason", answer.FinishReason);
                writer.WriteNumber("index", 0);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteStartObject("usageMetadata");
                writer.WriteNumber("promptTokenCount", answer.PromptTokens);
                writer.WriteNumber("candidatesTokenCount", answer.CandidatesTokens);
                writer.WriteNumber("totalTokenCount", answer.TotalTokens);
                writer.WriteEndObject();
                writer.WriteString("modelVersion", served.Id);
                writer.WriteString("responseId", ResponseId());
                writer.WriteEndObject();
            }));
        }

        /// <summary>The answer for a missing (403) or wrong (400) key, or null when the key is accepted.</summary>
        private static (int Status, string Body)? RefuseKey(string? expectedApiKey, string? apiKey)
        {
            if (string.IsNullOrEmpty(apiKey)) return (403, ErrorBody(403, ServiceReasons.UnregisteredCaller, "PERMISSION_DENIED"));
            if (expectedApiKey != null && !string.Equals(apiKey, expectedApiKey, StringComparison.Ordinal))
                return (400, ErrorBody(400, ServiceReasons.ApiKeyNotValid, "INVALID_ARGUMENT", reason: "API_KEY_INVALID"));
            return null;
        }

        /// <summary>22 random base64url characters (16 bytes), the shape of the service's <c>responseId</c>.</summary>
        private static string ResponseId()
        {
            var bytes = new byte[16];
            using (var random = System.Security.Cryptography.RandomNumberGenerator.Create()) random.GetBytes(bytes);
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>
        /// <c>{"error":{"code":…,"message":…,"status":…}}</c>, pretty-printed as Google's REST errors are. With a
        /// <paramref name="reason"/> it carries <c>details</c> as the service sends them for key errors (reported bodies:
        /// an <c>ErrorInfo</c> with the reason, domain googleapis.com and the service, and a <c>LocalizedMessage</c>).
        /// </summary>
        internal static string ErrorBody(int code, string message, string status, string? reason = null) => Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteString("status", status);
            if (reason != null)
            {
                writer.WriteStartArray("details");
                writer.WriteStartObject();
                writer.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
                writer.WriteString("reason", reason);
                writer.WriteString("domain", "googleapis.com");
                writer.WriteStartObject("metadata");
                writer.WriteString("service", "generativelanguage.googleapis.com");
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteStartObject();
                writer.WriteString("@type", "type.googleapis.com/google.rpc.LocalizedMessage");
                writer.WriteString("locale", "en-US");
                writer.WriteString("message", message);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

        private static string? ApiKeyOf(UpgradeRequest request)
        {
            if (request.Headers.TryGetValue("x-goog-api-key", out string? header) && header.Trim().Length > 0) return header.Trim();
            return request.Query.TryGetValue("key", out string? query) && query.Length > 0 ? query : null;
        }

        private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        private static string Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true })) write(writer);
            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
        }
    }
}
