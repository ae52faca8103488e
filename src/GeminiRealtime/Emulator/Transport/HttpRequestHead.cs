using System;
using System.Collections.Generic;
using System.Text;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// A parsed HTTP/1.x request head (RFC 9112 §2–§5): request line and header fields. Lenient where real clients
    /// differ (bare LF line ends, leading blank lines), strict where a request would be ambiguous (obsolete line
    /// folding, whitespace before a colon).
    /// </summary>
    internal sealed class HttpRequestHead
    {
        private HttpRequestHead(string method, string rawTarget, string version, IReadOnlyDictionary<string, string> headers)
        {
            Method = method;
            RawTarget = rawTarget;
            Version = version;
            Headers = headers;
        }

        public string Method { get; }

        public string RawTarget { get; }

        /// <summary>"HTTP/1.0" or "HTTP/1.1".</summary>
        public string Version { get; }

        /// <summary>Header fields, case-insensitive names; repeated fields joined with ", ".</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>
        /// Parses <paramref name="head"/> (through its blank line). On failure gives the HTTP status to answer
        /// (400 or 505) and a reason phrase.
        /// </summary>
        public static bool TryParse(ArraySegment<byte> head, out HttpRequestHead? result, out int errorStatus, out string errorReason)
        {
            result = null;
            errorStatus = 400;
            errorReason = "Bad Request";
            byte[] buffer = head.Array ?? Array.Empty<byte>();
            int position = head.Offset;
            int end = head.Offset + head.Count;

            // RFC 9112 §2.2: ignore at least one empty line before the request line.
            int lineStart;
            int lineLength;
            do
            {
                if (!NextLine(buffer, ref position, end, out lineStart, out lineLength))
                {
                    return false;
                }
            }
            while (lineLength == 0);

            // The target is decoded as UTF-8: clients send ASCII, and a raw non-ASCII byte stays recoverable.
            string requestLine = Encoding.UTF8.GetString(buffer, lineStart, lineLength);
            string[] parts = requestLine.Split(' ');
            if (parts.Length != 3 || !IsToken(parts[0]) || parts[1].Length == 0 || !IsVisible(parts[1]))
            {
                return false;
            }

            string version = parts[2];
            if (version != "HTTP/1.1" && version != "HTTP/1.0")
            {
                if (version.Length == 8 && version.StartsWith("HTTP/", StringComparison.Ordinal)
                    && char.IsDigit(version[5]) && version[6] == '.' && char.IsDigit(version[7]))
                {
                    errorStatus = 505;
                    errorReason = "HTTP Version Not Supported";
                }

                return false;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                if (!NextLine(buffer, ref position, end, out lineStart, out lineLength))
                {
                    return false;
                }

                if (lineLength == 0)
                {
                    break;
                }

                if (buffer[lineStart] == (byte)' ' || buffer[lineStart] == (byte)'\t')
                {
                    return false; // obsolete line folding (RFC 9112 §5.2)
                }

                int colon = Array.IndexOf(buffer, (byte)':', lineStart, lineLength);
                if (colon <= lineStart)
                {
                    return false;
                }

                string name = Latin1(buffer, lineStart, colon - lineStart);
                if (!IsToken(name))
                {
                    return false; // includes whitespace before the colon (RFC 9112 §5.1)
                }

                string value = Latin1(buffer, colon + 1, lineStart + lineLength - colon - 1).Trim(' ', '\t');
                headers[name] = headers.TryGetValue(name, out string? previous) ? previous + ", " + value : value;
            }

            result = new HttpRequestHead(parts[0], parts[1], version, headers);
            return true;
        }

        /// <summary>True when the comma-separated header value lists <paramref name="token"/> (case-insensitive).</summary>
        public static bool ContainsToken(string? headerValue, string token)
        {
            if (headerValue is null)
            {
                return false;
            }

            foreach (string item in headerValue.Split(','))
            {
                if (string.Equals(item.Trim(' ', '\t'), token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool NextLine(byte[] buffer, ref int position, int end, out int lineStart, out int lineLength)
        {
            lineStart = position;
            int newline = Array.IndexOf(buffer, (byte)'\n', position, end - position);
            if (newline < 0)
            {
                lineLength = 0;
                return false;
            }

            int lineEnd = newline > lineStart && buffer[newline - 1] == (byte)'\r' ? newline - 1 : newline;
            lineLength = lineEnd - lineStart;
            position = newline + 1;
            return true;
        }

        private static string Latin1(byte[] buffer, int offset, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)buffer[offset + i];
            }

            return new string(chars);
        }

        private static bool IsToken(string value)
        {
            if (value.Length == 0)
            {
                return false;
            }

            foreach (char c in value)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsVisible(string value)
        {
            foreach (char c in value)
            {
                if (c <= ' ' || c == '\x7F')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
