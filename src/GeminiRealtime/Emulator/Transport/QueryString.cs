using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// Query-string parsing as a server sees it: split on '&amp;' and the first '=', then percent-decode only
    /// ('+' stays '+': the JS SDK does not URL-encode keys, and a key or token may contain '+').
    /// </summary>
    internal static class QueryString
    {
        /// <summary>
        /// Parses <paramref name="query"/> (without the leading '?'). Keys are case-sensitive; the first occurrence of a key
        /// wins; a parameter without '=' has the empty value; empty segments are skipped.
        /// </summary>
        public static IReadOnlyDictionary<string, string> Parse(string query)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(query))
            {
                return result;
            }

            foreach (string pair in query.Split('&'))
            {
                if (pair.Length == 0)
                {
                    continue;
                }

                int equals = pair.IndexOf('=');
                string key = PercentDecode(equals < 0 ? pair : pair.Substring(0, equals));
                string value = equals < 0 ? string.Empty : PercentDecode(pair.Substring(equals + 1));
                if (!result.ContainsKey(key))
                {
                    result.Add(key, value);
                }
            }

            return result;
        }

        /// <summary>
        /// Decodes %XX escapes as UTF-8 bytes (invalid UTF-8 becomes U+FFFD); a '%' not followed by two hex digits is kept
        /// literally, as browsers and proxies do. Nothing else changes.
        /// </summary>
        public static string PercentDecode(string value)
        {
            if (value.IndexOf('%') < 0)
            {
                return value;
            }

            using (var bytes = new MemoryStream(value.Length))
            {
                var oneChar = new char[2];
                var encoded = new byte[4];
                for (int i = 0; i < value.Length; i++)
                {
                    char c = value[i];
                    if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
                    {
                        bytes.WriteByte((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                        i += 2;
                        continue;
                    }

                    int charCount = 1;
                    oneChar[0] = c;
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        oneChar[1] = value[i + 1];
                        charCount = 2;
                        i++;
                    }

                    int written = Encoding.UTF8.GetBytes(oneChar, 0, charCount, encoded, 0);
                    bytes.Write(encoded, 0, written);
                }

                return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
            }
        }

        private static bool IsHex(char c)
        {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }

        private static int HexValue(char c)
        {
            return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        }
    }
}
