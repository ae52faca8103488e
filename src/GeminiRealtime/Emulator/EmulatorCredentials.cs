using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Credential checks of an upgrade request (protocol.md §1.1, §1.2, §12.2). The plain path takes an API key from
    /// <c>x-goog-api-key</c> (preferred) or <c>?key=</c> (as sent: the JS SDK does not URL-encode it); the Constrained
    /// path takes an ephemeral token from <c>Authorization: Token &lt;t&gt;</c> or <c>?access_token=</c>, and accepts only
    /// tokens this emulator issued and that have not expired (<see cref="Rest.EmulatorTokenStore"/>; uses and a locked
    /// setup are judged at <c>setup</c>). The verdict is applied after the first frame (the service upgrades
    /// first): a wrong credential closes 1007 "API key not valid…", a missing one 1008 "Method doesn't allow
    /// unregistered callers…" (cut to 123 bytes). Keys never leave this class: logs see only <see cref="RedactTarget"/>.
    /// </summary>
    internal static class EmulatorCredentials
    {
        public const string TokenPrefix = "auth_tokens/";
        public const string Redacted = "***";

        private static readonly Regex SecretQueryValue = new Regex(@"(?<=[?&](?:key|access_token)=)[^&#]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>Null when the request may proceed; otherwise the rejection to close with after the first frame.</summary>
        public static EmulatorRejection? Check(
            EmulatorRoute route,
            IReadOnlyDictionary<string, string> headers,
            IReadOnlyDictionary<string, string> query,
            string rawTarget,
            string? expectedApiKey,
            Rest.EmulatorTokenStore tokens,
            out Rest.EmulatorTokenStore.Grant? grant)
        {
            grant = null;
            if (route.Constrained)
            {
                string? token = null;
                if (headers.TryGetValue("Authorization", out string? authorization))
                {
                    string value = authorization.Trim();
                    if (value.StartsWith("Token ", StringComparison.OrdinalIgnoreCase)) token = value.Substring("Token ".Length).Trim();
                }
                if (string.IsNullOrEmpty(token) && query.TryGetValue("access_token", out string? queryToken)) token = queryToken;
                if (string.IsNullOrEmpty(token)) return Missing();
                if (!token!.StartsWith(TokenPrefix, StringComparison.Ordinal)) return Invalid();
                grant = tokens.Find(token, DateTimeOffset.UtcNow, out EmulatorRejection? rejection);
                return rejection;
            }

            string? key = null;
            if (headers.TryGetValue("x-goog-api-key", out string? headerKey) && headerKey.Trim().Length > 0) key = headerKey.Trim();
            string? rawQueryKey = RawQueryValue(rawTarget, "key");
            if (key == null && query.TryGetValue("key", out string? queryKey) && queryKey.Length > 0) key = queryKey;
            if (key == null) return Missing();
            if (expectedApiKey == null) return null;
            bool matches = string.Equals(key, expectedApiKey, StringComparison.Ordinal)
                || (headerKey == null && string.Equals(rawQueryKey, expectedApiKey, StringComparison.Ordinal));
            return matches ? null : Invalid();
        }

        /// <summary>The request target with every <c>key</c> / <c>access_token</c> query value replaced by <c>***</c>.</summary>
        public static string RedactTarget(string rawTarget) => SecretQueryValue.Replace(rawTarget, Redacted);

        /// <summary>A copy of the headers with the values of <c>x-goog-api-key</c> and <c>Authorization</c> replaced by <c>***</c>.</summary>
        public static IReadOnlyDictionary<string, string> RedactHeaders(IReadOnlyDictionary<string, string> headers)
        {
            var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string> header in headers)
            {
                bool secret = string.Equals(header.Key, "x-goog-api-key", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase);
                copy[header.Key] = secret ? Redacted : header.Value;
            }
            return copy;
        }

        private static EmulatorRejection Missing() => new EmulatorRejection(CloseCodes.PolicyViolation, ServiceReasons.UnregisteredCaller);

        private static EmulatorRejection Invalid() => EmulatorRejection.InvalidArgument(ServiceReasons.ApiKeyNotValid);

        /// <summary>The first value of <paramref name="name"/> in the query exactly as sent (not percent-decoded).</summary>
        private static string? RawQueryValue(string rawTarget, string name)
        {
            int question = rawTarget.IndexOf('?');
            if (question < 0) return null;
            foreach (string pair in rawTarget.Substring(question + 1).Split('&'))
            {
                int equals = pair.IndexOf('=');
                string key = equals < 0 ? pair : pair.Substring(0, equals);
                if (string.Equals(key, name, StringComparison.Ordinal)) return equals < 0 ? string.Empty : pair.Substring(equals + 1);
            }
            return null;
        }
    }
}
