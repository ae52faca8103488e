using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace GeminiRealtime.Emulator.Rest
{
    /// <summary>
    /// The body of <c>POST /v1alpha/auth_tokens</c> (protocol.md §1.1), Google's <c>AuthToken</c> message:
    /// <c>{uses?, expireTime?, newSessionExpireTime?, bidiGenerateContentSetup?, fieldMask?}</c> (camelCase or
    /// snake_case names, as proto JSON allows). Defaults: 1 use (0 = unlimited), expiry in 30 min, new sessions within
    /// 60 s; both times must lie in the future and within 20 h. <see cref="Parse"/> throws <see cref="FormatException"/>
    /// with a Google-style message for anything the service's parser refuses (answered 400 INVALID_ARGUMENT).
    /// </summary>
    internal sealed class EmulatorAuthTokenRequest
    {
        public static readonly TimeSpan DefaultExpiry = TimeSpan.FromMinutes(30);
        public static readonly TimeSpan DefaultNewSessionWindow = TimeSpan.FromSeconds(60);
        public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(20);

        private EmulatorAuthTokenRequest(int uses, DateTimeOffset expireTime, DateTimeOffset newSessionExpireTime, JsonElement? lockedSetup, IReadOnlyList<string> fieldMask)
        {
            Uses = uses;
            ExpireTime = expireTime;
            NewSessionExpireTime = newSessionExpireTime;
            LockedSetup = lockedSetup;
            FieldMask = fieldMask;
        }

        /// <summary>Sessions the token may start; 0 = unlimited.</summary>
        public int Uses { get; }

        public DateTimeOffset ExpireTime { get; }

        public DateTimeOffset NewSessionExpireTime { get; }

        /// <summary>A detached copy of <c>bidiGenerateContentSetup</c>, or null.</summary>
        public JsonElement? LockedSetup { get; }

        /// <summary>The <c>fieldMask</c> paths (camelCase), empty when none was given.</summary>
        public IReadOnlyList<string> FieldMask { get; }

        public static EmulatorAuthTokenRequest Parse(ReadOnlySpan<byte> body, DateTimeOffset now)
        {
            JsonElement root = EmulatorRestBody.ParseObject(body, "Invalid JSON payload received. Expected an object.");
            int uses = 1;
            DateTimeOffset? expire = null;
            DateTimeOffset? newSession = null;
            JsonElement? setup = null;
            var mask = new List<string>();
            foreach (JsonProperty property in root.EnumerateObject())
            {
                switch (EmulatorLockedSetup.ToCamelCase(property.Name))
                {
                    case "uses":
                        if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out uses) || uses < 0)
                            throw new FormatException("Invalid value at 'uses' (TYPE_INT32): must be a non-negative integer.");
                        break;
                    case "expireTime":
                        expire = Timestamp(property.Value, "expire_time");
                        break;
                    case "newSessionExpireTime":
                        newSession = Timestamp(property.Value, "new_session_expire_time");
                        break;
                    case "bidiGenerateContentSetup":
                        if (property.Value.ValueKind != JsonValueKind.Object)
                            throw new FormatException("Invalid value at 'bidi_generate_content_setup': expected an object.");
                        setup = property.Value.Clone();
                        break;
                    case "fieldMask":
                        if (property.Value.ValueKind != JsonValueKind.String)
                            throw new FormatException("Invalid value at 'field_mask' (type.googleapis.com/google.protobuf.FieldMask): expected a string.");
                        foreach (string path in property.Value.GetString()!.Split(','))
                        {
                            string trimmed = path.Trim();
                            if (trimmed.Length > 0) mask.Add(EmulatorLockedSetup.ToCamelCasePath(trimmed));
                        }
                        break;
                    case "name":
                        break; // output only: ignored, as the service does
                    default:
                        throw new FormatException($"Invalid JSON payload received. Unknown name \"{property.Name}\": Cannot find field.");
                }
            }

            DateTimeOffset expireTime = expire ?? now + DefaultExpiry;
            DateTimeOffset newSessionTime = newSession ?? now + DefaultNewSessionWindow;
            if (expireTime <= now || expireTime > now + MaxLifetime)
                throw new FormatException("expire_time must be in the future and at most 20 hours away.");
            if (newSessionTime <= now || newSessionTime > now + MaxLifetime)
                throw new FormatException("new_session_expire_time must be in the future and at most 20 hours away.");
            if (newSessionTime > expireTime) newSessionTime = expireTime;
            if (mask.Count > 0 && setup == null)
                throw new FormatException("field_mask requires bidi_generate_content_setup.");
            return new EmulatorAuthTokenRequest(uses, expireTime, newSessionTime, setup, mask);
        }

        private static DateTimeOffset Timestamp(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed)
                && value.GetString()!.IndexOf('T') > 0)
            {
                return parsed;
            }
            throw new FormatException($"Invalid value at '{field}' (type.googleapis.com/google.protobuf.Timestamp): expected an RFC 3339 timestamp.");
        }
    }
}
