using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Models;
using GeminiRealtime.Session;

namespace GeminiRealtime.Supervision
{
    /// <summary>
    /// One-shot text generation over REST, as the SDKs call it: <c>POST {endpoint}/{version}/models/{model}:generateContent</c>
    /// with the key in <c>x-goog-api-key</c> (never the URL). Only text in, text out: what the supervisor needs.
    /// </summary>
    public static class GenerateContentClient
    {
        public const string DefaultApiVersion = "v1beta";

        /// <summary>The REST URL for <paramref name="model"/> (with or without <c>models/</c>).</summary>
        public static Uri BuildUrl(Uri? baseEndpoint, string apiVersion, string model)
        {
            string id = ModelCatalog.NormalizeId(model);
            if (id.Length == 0 || id.IndexOfAny(new[] { '/', '?', '#', ':', ' ' }) >= 0)
                throw new ArgumentException($"'{model}' is not a model id (e.g. gemini-2.5-pro).", nameof(model));
            return GoogleRest.BuildUrl(baseEndpoint, apiVersion + "/models/" + id + ":generateContent");
        }

        /// <summary>The request body: the system instruction, then one user content of <paramref name="prompt"/>.</summary>
        internal static string RequestJson(string? systemInstruction, string prompt, int? maxOutputTokens, float? temperature)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                if (!string.IsNullOrEmpty(systemInstruction))
                {
                    writer.WriteStartObject("systemInstruction");
                    writer.WriteStartArray("parts");
                    writer.WriteStartObject();
                    writer.WriteString("text", systemInstruction);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteStartArray("contents");
                writer.WriteStartObject();
                writer.WriteString("role", "user");
                writer.WriteStartArray("parts");
                writer.WriteStartObject();
                writer.WriteString("text", prompt);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
                if (maxOutputTokens.HasValue || temperature.HasValue)
                {
                    writer.WriteStartObject("generationConfig");
                    if (maxOutputTokens.HasValue) writer.WriteNumber("maxOutputTokens", maxOutputTokens.Value);
                    if (temperature.HasValue) writer.WriteNumber("temperature", temperature.Value);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        /// <exception cref="GenerateContentException">The service refused, or answered without a candidate.</exception>
        public static async Task<GenerateContentResult> GenerateAsync(HttpClient http, Uri url, ApiCredential apiKey, string requestJson, CancellationToken cancellationToken)
        {
            if (apiKey.IsEphemeralToken)
                throw new ArgumentException("REST generateContent needs an API key; an ephemeral token only opens Live sessions.", nameof(apiKey));
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(requestJson, Encoding.UTF8, "application/json") };
            message.Headers.TryAddWithoutValidation(apiKey.HeaderName, apiKey.HeaderValue);
            string body;
            int status;
            try
            {
                using HttpResponseMessage response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException ex)
            {
                throw new GenerateContentException(0, "UNAVAILABLE", apiKey.Redact($"Could not reach {url.GetLeftPart(UriPartial.Authority)}: {ex.Message}"));
            }
            if (status < 200 || status > 299)
            {
                (string name, string text) = GoogleRest.ParseError(status, body);
                throw new GenerateContentException(status, name, apiKey.Redact(text));
            }
            return ParseResult(body);
        }

        internal static GenerateContentResult ParseResult(string body)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new GenerateContentException(200, string.Empty, "The service answered generateContent with something that is not JSON: " + ex.Message);
            }
            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new GenerateContentException(200, string.Empty, "The generateContent answer is not a JSON object.");
                int? promptTokens = null, responseTokens = null;
                if (root.TryGetProperty("usageMetadata", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    promptTokens = Int(usage, "promptTokenCount");
                    responseTokens = Int(usage, "candidatesTokenCount");
                }
                string? modelVersion = String(root, "modelVersion");
                if (!root.TryGetProperty("candidates", out JsonElement candidates) || candidates.ValueKind != JsonValueKind.Array || candidates.GetArrayLength() == 0)
                {
                    string? blocked = root.TryGetProperty("promptFeedback", out JsonElement feedback) && feedback.ValueKind == JsonValueKind.Object ? String(feedback, "blockReason") : null;
                    throw new GenerateContentException(200, string.Empty, blocked != null
                        ? $"The model refused the prompt (blockReason {blocked})."
                        : "The generateContent answer has no candidate.");
                }
                JsonElement first = candidates[0];
                var text = new StringBuilder();
                if (first.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.Object
                    && content.TryGetProperty("parts", out JsonElement parts) && parts.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement part in parts.EnumerateArray())
                    {
                        if (part.ValueKind != JsonValueKind.Object) continue;
                        if (part.TryGetProperty("thought", out JsonElement thought) && thought.ValueKind == JsonValueKind.True) continue;
                        if (String(part, "text") is string piece) text.Append(piece);
                    }
                }
                return new GenerateContentResult(text.ToString(), String(first, "finishReason"), modelVersion, promptTokens, responseTokens);
            }
        }

        private static string? String(JsonElement item, string name) =>
            item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static int? Int(JsonElement item, string name) =>
            item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : (int?)null;
    }
}
