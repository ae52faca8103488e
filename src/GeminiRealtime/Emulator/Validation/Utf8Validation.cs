using System;

namespace GeminiRealtime.Emulator
{
    /// <summary>Strict UTF-8 well-formedness (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.</summary>
    internal static class Utf8Validation
    {
        public static bool IsValid(ReadOnlySpan<byte> utf8)
        {
            int i = 0;
            while (i < utf8.Length)
            {
                byte lead = utf8[i];
                if (lead < 0x80)
                {
                    i++;
                    continue;
                }

                int continuationCount;
                int minimumSecond = 0x80;
                int maximumSecond = 0xBF;
                if (lead >= 0xC2 && lead <= 0xDF)
                {
                    continuationCount = 1;
                }
                else if (lead >= 0xE0 && lead <= 0xEF)
                {
                    continuationCount = 2;
                    if (lead == 0xE0) minimumSecond = 0xA0; // overlong
                    if (lead == 0xED) maximumSecond = 0x9F; // UTF-16 surrogates
                }
                else if (lead >= 0xF0 && lead <= 0xF4)
                {
                    continuationCount = 3;
                    if (lead == 0xF0) minimumSecond = 0x90; // overlong
                    if (lead == 0xF4) maximumSecond = 0x8F; // above U+10FFFF
                }
                else
                {
                    return false;
                }

                if (i + continuationCount >= utf8.Length) return false; // truncated sequence
                byte second = utf8[i + 1];
                if (second < minimumSecond || second > maximumSecond) return false;
                for (int k = 2; k <= continuationCount; k++)
                {
                    if ((utf8[i + k] & 0xC0) != 0x80) return false;
                }
                i += continuationCount + 1;
            }
            return true;
        }
    }
}
