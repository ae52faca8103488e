using System;
using System.Globalization;
using System.Text.Json;

namespace GeminiRealtime.Session
{
    /// <summary>What the REST calls of the module (auth_tokens, generateContent) share: their URL and Google's error body.</summary>
    internal static class GoogleRest
    {
        /// <summary>
        /// <paramref name="relativePath"/> (e.g. <c>v1alpha/auth_tokens</c>) under the base endpoint: http/ws → http,
        /// https/wss → https; a path on the endpoint is kept. Never a query string: credentials go in headers.
        /// </summary>
        public static Uri BuildUrl(Uri? baseEndpoint, string relativePath)
        {
            Uri root = baseEndpoint ?? new Uri(LiveEndpoint.DefaultBase);
            if (!root.IsAbsoluteUri) throw new ArgumentException($"The endpoint '{root}' is not an absolute URI.", nameof(baseEndpoint));
            string scheme = root.Scheme.ToLowerInvariant() switch
            {
                "http" or "ws" => "http",
                "https" or "wss" => "https",
                _ => throw new ArgumentException($"The endpoint '{root.GetLeftPart(UriPartial.Authority)}' has scheme '{root.Scheme}'; use http, https, ws or wss.", nameof(baseEndpoint)),
            };
            if (!string.IsNullOrEmpty(root.Query))
                throw new ArgumentException("The endpoint must not carry a query string (credentials go in headers, never in the URL).", nameof(baseEndpoint));
            var builder = new UriBuilder(root) { Scheme = scheme, Path = root.AbsolutePath.TrimEnd('/') + "/" + relativePath, Query = string.Empty };
            if (root.IsDefaultPort) builder.Port = -1;
            return builder.Uri;
        }

        /// <summary>Google's <c>{"error":{"message","status"}}</c> as (status, message); "HTTP nnn" when the body is not that JSON.</summary>
        public static (string Status, string Message) ParseError(int statusCode, string body)
        {
            string message = "HTTP " + statusCode.ToString(CultureInfo.InvariantCulture);
            string status = string.Empty;
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
                {
                    if (error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String) message = m.GetString()!.TrimEnd();
                    if (error.TryGetProperty("status", out JsonElement s) && s.ValueKind == JsonValueKind.String) status = s.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Not Google's JSON error (a proxy's HTML page, say): the status code alone tells it.
            }
            return (status, message);
        }
    }
}
