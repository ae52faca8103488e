using System;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// An API key or ephemeral token. It only ever leaves this object as a request header; <see cref="ToString"/>
    /// and <see cref="Redact"/> keep it out of every text the module writes.
    /// </summary>
    public sealed class ApiCredential
    {
        private readonly string _secret;

        private ApiCredential(string secret, bool isEphemeralToken)
        {
            _secret = secret;
            IsEphemeralToken = isEphemeralToken;
        }

        private const int MinimumRedactedLength = 6;

        /// <summary>True for <c>auth_tokens/…</c> tokens, which use the <c>…Constrained</c> path and an <c>Authorization: Token</c> header.</summary>
        public bool IsEphemeralToken { get; }

        /// <summary>A key or token; <c>auth_tokens/…</c> values are taken as ephemeral tokens.</summary>
        public static ApiCredential FromSecret(string secret)
        {
            if (string.IsNullOrWhiteSpace(secret)) throw new ArgumentException("The API key is empty.", nameof(secret));
            string trimmed = secret.Trim();
            return new ApiCredential(trimmed, trimmed.StartsWith("auth_tokens/", StringComparison.Ordinal));
        }

        /// <summary>The header that carries the credential (protocol.md §1.1): never a URL.</summary>
        public string HeaderName => IsEphemeralToken ? "Authorization" : "x-goog-api-key";

        internal string HeaderValue => IsEphemeralToken ? "Token " + _secret : _secret;

        /// <summary>A masked form for display: the last four characters only for keys longer than 12.</summary>
        public string Masked => _secret.Length > 12 ? "****" + _secret.Substring(_secret.Length - 4) : "****";

        /// <summary>Replaces every occurrence of the secret in <paramref name="text"/> with <c>***</c>.</summary>
        public string Redact(string? text)
        {
            // A secret this short is no real key, and replacing it would mangle ordinary words (a key "a").
            if (string.IsNullOrEmpty(text) || _secret.Length < MinimumRedactedLength) return text ?? string.Empty;
            return text!.IndexOf(_secret, StringComparison.Ordinal) < 0 ? text : text.Replace(_secret, "***");
        }

        public override string ToString() => (IsEphemeralToken ? "ephemeral token " : "API key ") + Masked;
    }
}
