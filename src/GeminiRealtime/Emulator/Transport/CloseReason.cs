using System;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>Close reasons: RFC 6455 allows at most 123 bytes of UTF-8 (125-byte control payload minus the code).</summary>
    internal static class CloseReason
    {
        /// <summary>The largest reason a close frame can carry, in UTF-8 bytes.</summary>
        public const int MaxBytes = 123;

        /// <summary>
        /// Cuts <paramref name="reason"/> to at most <paramref name="maxBytes"/> bytes of UTF-8, keeping as much as fits
        /// (mid-word, like the real service) but never splitting a character or a surrogate pair. A lone surrogate
        /// counts as the 3-byte U+FFFD it is encoded as. Null becomes the empty string.
        /// </summary>
        public static string Truncate(string reason, int maxBytes = MaxBytes)
        {
            if (maxBytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "The byte limit cannot be negative.");
            }

            if (reason is null)
            {
                return string.Empty;
            }

            int bytes = 0;
            int i = 0;
            while (i < reason.Length)
            {
                char c = reason[i];
                int charCount = 1;
                int byteCount;
                if (c < 0x80)
                {
                    byteCount = 1;
                }
                else if (c < 0x800)
                {
                    byteCount = 2;
                }
                else if (char.IsHighSurrogate(c) && i + 1 < reason.Length && char.IsLowSurrogate(reason[i + 1]))
                {
                    byteCount = 4;
                    charCount = 2;
                }
                else
                {
                    // BMP character, or a lone surrogate (encoded as U+FFFD): three bytes either way.
                    byteCount = 3;
                }

                if (bytes + byteCount > maxBytes)
                {
                    return reason.Substring(0, i);
                }

                bytes += byteCount;
                i += charCount;
            }

            return reason;
        }
    }
}
