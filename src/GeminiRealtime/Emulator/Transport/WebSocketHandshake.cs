using System;
using System.Security.Cryptography;
using System.Text;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>RFC 6455 §4.2 opening-handshake helpers.</summary>
    internal static class WebSocketHandshake
    {
        /// <summary>The GUID appended to the client's key.</summary>
        public const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

        /// <summary>Sec-WebSocket-Accept = base64(SHA-1(key + GUID)).</summary>
        public static string ComputeAcceptKey(string secWebSocketKey)
        {
            if (secWebSocketKey is null)
            {
                throw new ArgumentNullException(nameof(secWebSocketKey));
            }

            using (SHA1 sha1 = SHA1.Create())
            {
                byte[] hash = sha1.ComputeHash(Encoding.ASCII.GetBytes(secWebSocketKey.Trim() + KeyGuid));
                return Convert.ToBase64String(hash);
            }
        }

        /// <summary>A valid key is the base64 encoding of 16 bytes: 22 base64 characters and "==".</summary>
        public static bool IsValidClientKey(string? secWebSocketKey)
        {
            if (secWebSocketKey is null)
            {
                return false;
            }

            string key = secWebSocketKey.Trim();
            if (key.Length != 24 || key[22] != '=' || key[23] != '=')
            {
                return false;
            }

            for (int i = 0; i < 22; i++)
            {
                char c = key[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
