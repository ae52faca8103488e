using System;
using System.Security;

namespace GeminiRealtime.PowerShell
{
    /// <summary>
    /// An ephemeral token from New-GeminiEphemeralToken: pass it (or its Token) to Connect-GeminiRealtime -ApiKey.
    /// The token is only a SecureString; the API key that created it is not kept.
    /// </summary>
    public sealed class GeminiEphemeralToken
    {
        internal GeminiEphemeralToken(SecureString token, int uses, DateTimeOffset expireTime, DateTimeOffset? newSessionExpireTime, string[] lockedFields, Uri? endpoint)
        {
            Token = token;
            Uses = uses;
            ExpireTime = expireTime;
            NewSessionExpireTime = newSessionExpireTime;
            LockedFields = lockedFields;
            Endpoint = endpoint;
        }

        /// <summary>The token (<c>auth_tokens/…</c>), read-only.</summary>
        public SecureString Token { get; }

        /// <summary>Sessions it may start; 0 = unlimited (resuming a session is free).</summary>
        public int Uses { get; }

        /// <summary>When it stops working.</summary>
        public DateTimeOffset ExpireTime { get; }

        /// <summary>When it stops starting new sessions (null when the service did not say).</summary>
        public DateTimeOffset? NewSessionExpireTime { get; }

        /// <summary>The setup fields it locks (empty: none, or every field of the locked setup when one was given).</summary>
        public string[] LockedFields { get; }

        /// <summary>The endpoint it was issued by (null: Google's service), so it can be piped to Connect-GeminiRealtime.</summary>
        public Uri? Endpoint { get; }

        public override string ToString() => "auth_tokens/**** (expires " + ExpireTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")";
    }
}
