using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Session
{
    /// <summary>What to ask for in <c>POST /v1alpha/auth_tokens</c> (protocol.md §1.1); unset values take the service's defaults.</summary>
    public sealed class EphemeralTokenRequest
    {
        /// <summary>Sessions the token may start (0 = unlimited; resuming is free). Service default: 1.</summary>
        public int? Uses { get; set; }

        /// <summary>When the token stops working. Service default: 30 minutes.</summary>
        public DateTimeOffset? ExpireTime { get; set; }

        /// <summary>When the token stops starting new sessions. Service default: 60 seconds.</summary>
        public DateTimeOffset? NewSessionExpireTime { get; set; }

        /// <summary>A <c>BidiGenerateContentSetup</c> as JSON whose fields the token locks.</summary>
        public string? LockedSetupJson { get; set; }

        /// <summary>The locked field paths (<c>fieldMask</c>); none: every field of the locked setup.</summary>
        public string[]? LockedFields { get; set; }

        internal string ToJson()
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                if (Uses.HasValue) writer.WriteNumber("uses", Uses.Value);
                if (ExpireTime.HasValue) writer.WriteString("expireTime", EphemeralTokenClient.Rfc3339(ExpireTime.Value));
                if (NewSessionExpireTime.HasValue) writer.WriteString("newSessionExpireTime", EphemeralTokenClient.Rfc3339(NewSessionExpireTime.Value));
                if (LockedSetupJson != null)
                {
                    using JsonDocument setup = JsonDocument.Parse(LockedSetupJson);
                    if (setup.RootElement.ValueKind != JsonValueKind.Object) throw new ArgumentException("The locked setup must be a JSON object.");
                    writer.WritePropertyName("bidiGenerateContentSetup");
                    setup.RootElement.WriteTo(writer);
                }
                if (LockedFields != null && LockedFields.Length > 0) writer.WriteString("fieldMask", string.Join(",", LockedFields));
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    /// <summary>An issued ephemeral token. <see cref="ToString"/> never shows <see cref="Name"/>.</summary>
    public sealed class EphemeralTokenGrant
    {
        internal EphemeralTokenGrant(string name, int uses, DateTimeOffset expireTime, DateTimeOffset? newSessionExpireTime)
        {
            Name = name;
            Uses = uses;
            ExpireTime = expireTime;
            NewSessionExpireTime = newSessionExpireTime;
        }

        /// <summary>The token itself (<c>auth_tokens/…</c>): a secret.</summary>
        public string Name { get; }

        public int Uses { get; }

        public DateTimeOffset ExpireTime { get; }

        public DateTimeOffset? NewSessionExpireTime { get; }

        public override string ToString() => "auth_tokens/****";
    }

    /// <summary>The service refused a token request: the HTTP status and Google's error message (never the key).</summary>
    public sealed class EphemeralTokenException : Exception
    {
        public EphemeralTokenException(int statusCode, string status, string message)
            : base(message)
        {
            StatusCode = statusCode;
            Status = status;
        }

        public int StatusCode { get; }

        /// <summary>Google's status name, e.g. PERMISSION_DENIED, or empty.</summary>
        public string Status { get; }
    }

    /// <summary>Creates ephemeral tokens over REST, as the SDKs do: <c>POST {endpoint}/v1alpha/auth_tokens</c>, key in <c>x-goog-api-key</c>.</summary>
    public static class EphemeralTokenClient
    {
        /// <summary>The REST URL: http/ws → http, https/wss → https; a path on the endpoint is kept.</summary>
        public static Uri BuildUrl(Uri? baseEndpoint) => GoogleRest.BuildUrl(baseEndpoint, "v1alpha/auth_tokens");

        /// <exception cref="EphemeralTokenException">The service answered with an error.</exception>
        public static async Task<EphemeralTokenGrant> CreateAsync(HttpClient http, Uri? endpoint, ApiCredential apiKey, EphemeralTokenRequest request, CancellationToken cancellationToken)
        {
            if (apiKey.IsEphemeralToken) throw new ArgumentException("An ephemeral token cannot create tokens: use an API key.", nameof(apiKey));
            using var message = new HttpRequestMessage(HttpMethod.Post, BuildUrl(endpoint))
            {
                Content = new StringContent(request.ToJson(), Encoding.UTF8, "application/json"),
            };
            message.Headers.TryAddWithoutValidation(apiKey.HeaderName, apiKey.HeaderValue);
            using HttpResponseMessage response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw ToException((int)response.StatusCode, body, apiKey);
            return ParseGrant(body, request);
        }

        internal static EphemeralTokenGrant ParseGrant(string body, EphemeralTokenRequest request)
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            string? name = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (name == null || !name.StartsWith("auth_tokens/", StringComparison.Ordinal))
                throw new EphemeralTokenException(200, string.Empty, "The service answered without an auth_tokens/… name.");
            int uses = root.TryGetProperty("uses", out JsonElement u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32() : request.Uses ?? 1;
            DateTimeOffset expire = Time(root, "expireTime") ?? request.ExpireTime ?? DateTimeOffset.UtcNow.AddMinutes(30);
            DateTimeOffset? newSession = Time(root, "newSessionExpireTime") ?? request.NewSessionExpireTime;
            return new EphemeralTokenGrant(name, uses, expire, newSession);
        }

        internal static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private static DateTimeOffset? Time(JsonElement root, string name)
        {
            return root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed)
                ? parsed
                : (DateTimeOffset?)null;
        }

        private static EphemeralTokenException ToException(int statusCode, string body, ApiCredential apiKey)
        {
            (string status, string message) = GoogleRest.ParseError(statusCode, body);
            return new EphemeralTokenException(statusCode, status, apiKey.Redact(message));
        }
    }
}
