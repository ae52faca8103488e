using System;

namespace GeminiRealtime.Session
{
    /// <summary>Builds the WebSocket URL of the Live API (protocol.md §1) from a base endpoint, as the SDKs do.</summary>
    public static class LiveEndpoint
    {
        public const string DefaultBase = "https://generativelanguage.googleapis.com/";
        public const string DefaultApiVersion = "v1beta";
        public static readonly string[] ApiVersions = { "v1beta", "v1alpha", "v1" };

        /// <summary>
        /// The <c>ws(s)://…/ws/google.ai.generativelanguage.{version}.GenerativeService.BidiGenerateContent[Constrained]</c>
        /// URL. <paramref name="baseEndpoint"/> may be http, https, ws or wss (http→ws, https→wss); a path on it
        /// is kept and the service path appended. The credential never goes into the URL.
        /// </summary>
        public static Uri Build(Uri? baseEndpoint, string apiVersion, bool constrained)
        {
            Uri root = baseEndpoint ?? new Uri(DefaultBase);
            if (!root.IsAbsoluteUri) throw new ArgumentException($"The endpoint '{root}' is not an absolute URI.", nameof(baseEndpoint));
            if (Array.IndexOf(ApiVersions, apiVersion) < 0)
                throw new ArgumentException($"Unknown API version '{apiVersion}'. Use one of: {string.Join(", ", ApiVersions)}.", nameof(apiVersion));
            string scheme = root.Scheme.ToLowerInvariant() switch
            {
                "http" or "ws" => "ws",
                "https" or "wss" => "wss",
                _ => throw new ArgumentException($"The endpoint '{root.GetLeftPart(UriPartial.Authority)}' has scheme '{root.Scheme}'; use http, https, ws or wss.", nameof(baseEndpoint)),
            };
            if (!string.IsNullOrEmpty(root.Query))
                throw new ArgumentException("The endpoint must not carry a query string (credentials go in headers, never in the URL).", nameof(baseEndpoint));
            string basePath = root.AbsolutePath.TrimEnd('/');
            string method = constrained ? "BidiGenerateContentConstrained" : "BidiGenerateContent";
            var builder = new UriBuilder(root)
            {
                Scheme = scheme,
                Path = $"{basePath}/ws/google.ai.generativelanguage.{apiVersion}.GenerativeService.{method}",
                Query = string.Empty,
            };
            if (root.IsDefaultPort) builder.Port = -1;
            return builder.Uri;
        }
    }
}
