using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator.Rest
{
    /// <summary>
    /// The ephemeral tokens an emulator issued (<c>POST /v1alpha/auth_tokens</c>). The Constrained path accepts only
    /// these. Verdicts (protocol.md §1.1, §9; the service's exact words are UNCERTAIN): unknown token → 1007
    /// "API key not valid…", past <c>expireTime</c> → 1007 "API key expired…" (credential errors are 1007);
    /// a new session after <c>newSessionExpireTime</c> or with no uses left → 1008 (PERMISSION_DENIED, emulator
    /// wording); a setup that changes a locked field → 1007 "Request contains an invalid argument.". A resumption
    /// (setup with a handle) neither needs nor spends a use.
    /// </summary>
    internal sealed class EmulatorTokenStore
    {
        public const string UsesExhausted = "The ephemeral token has no uses left to start a new session.";
        public const string NewSessionWindowClosed = "The ephemeral token can no longer start new sessions (new_session_expire_time has passed).";

        private readonly ConcurrentDictionary<string, Grant> _grants = new ConcurrentDictionary<string, Grant>(StringComparer.Ordinal);

        public Grant Issue(EmulatorAuthTokenRequest request)
        {
            var bytes = new byte[24];
            using (RandomNumberGenerator random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            string name = EmulatorCredentials.TokenPrefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var grant = new Grant(name, request);
            _grants[name] = grant;
            return grant;
        }

        /// <summary>The grant of <paramref name="token"/>, or the rejection for an unknown or expired token.</summary>
        public Grant? Find(string token, DateTimeOffset now, out EmulatorRejection? rejection)
        {
            rejection = null;
            if (!_grants.TryGetValue(token, out Grant? grant))
            {
                rejection = EmulatorRejection.InvalidArgument(ServiceReasons.ApiKeyNotValid);
                return null;
            }
            if (now >= grant.Request.ExpireTime)
            {
                rejection = EmulatorRejection.InvalidArgument(ServiceReasons.ApiKeyExpired);
                return null;
            }
            return grant;
        }

        /// <summary>One issued token and what is left of it.</summary>
        internal sealed class Grant
        {
            private readonly object _gate = new object();
            private readonly EmulatorLockedSetup? _locked;
            private int _used;

            public Grant(string name, EmulatorAuthTokenRequest request)
            {
                Name = name;
                Request = request;
                if (request.LockedSetup.HasValue) _locked = new EmulatorLockedSetup(request.LockedSetup.Value, request.FieldMask);
            }

            public string Name { get; }

            public EmulatorAuthTokenRequest Request { get; }

            /// <summary>
            /// Admits a <c>setup</c> (the raw object): throws <see cref="EmulatorRejection"/> when it changes a locked
            /// field, or when a new session (not a resumption) is past the window or out of uses; otherwise spends a use.
            /// </summary>
            public void Admit(JsonElement setup, bool resumption, DateTimeOffset now)
            {
                if (_locked != null && !_locked.Admits(setup)) throw EmulatorRejection.InvalidArgument(ServiceReasons.InvalidArgument);
                if (now >= Request.ExpireTime) throw EmulatorRejection.InvalidArgument(ServiceReasons.ApiKeyExpired);
                if (resumption) return;
                if (now >= Request.NewSessionExpireTime) throw new EmulatorRejection(CloseCodes.PolicyViolation, NewSessionWindowClosed);
                lock (_gate)
                {
                    if (Request.Uses != 0 && _used >= Request.Uses) throw new EmulatorRejection(CloseCodes.PolicyViolation, UsesExhausted);
                    _used++;
                }
            }
        }
    }
}
