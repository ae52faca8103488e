using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>Plain HTTP/1.1 answers for requests that do not become WebSockets, and the lingering close after them.</summary>
    internal static class HttpResponses
    {
        /// <summary>How long a rejected connection is drained after our response before TCP is closed.</summary>
        public static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(1);

        /// <summary>A complete response with Content-Length and "Connection: close"; validates the arguments.</summary>
        public static byte[] Build(int statusCode, string reasonPhrase, string? contentType, string body)
        {
            if (statusCode < 100 || statusCode > 599)
            {
                throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "An HTTP status code is between 100 and 599.");
            }

            reasonPhrase ??= string.Empty;
            ThrowIfLineBreak(reasonPhrase, nameof(reasonPhrase));
            ThrowIfLineBreak(contentType, nameof(contentType));
            byte[] bodyBytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
            var head = new StringBuilder(128)
                .Append("HTTP/1.1 ").Append(statusCode).Append(' ').Append(reasonPhrase).Append("\r\n");
            if (!string.IsNullOrEmpty(contentType))
            {
                head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            }

            head.Append("Content-Length: ").Append(bodyBytes.Length).Append("\r\n")
                .Append("Connection: close\r\n\r\n");

            // Header values are Latin-1 on the wire; a phrase outside it degrades to '?' rather than breaking framing.
            string headText = head.ToString();
            var response = new byte[headText.Length + bodyBytes.Length];
            for (int i = 0; i < headText.Length; i++)
            {
                char c = headText[i];
                response[i] = c <= '\xFF' ? (byte)c : (byte)'?';
            }

            Buffer.BlockCopy(bodyBytes, 0, response, headText.Length, bodyBytes.Length);
            return response;
        }

        /// <summary>
        /// RFC 9112 §9.6 lingering close: stop sending, then read and discard what the client still sends until it
        /// closes or <see cref="LingerTimeout"/> passes, so that closing with unread data (a TCP reset) cannot destroy the
        /// response in flight. Returns true when the client closed first. The caller closes the connection.
        /// </summary>
        public static async Task<bool> LingerAsync(TcpClient client, BufferedConnectionReader reader, CancellationToken cancellationToken)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(LingerTimeout);
                using (timeout.Token.Register(static state => ((TcpClient)state).Dispose(), client))
                {
                    try
                    {
                        client.Client.Shutdown(SocketShutdown.Send);
                        await reader.DiscardToEndAsync(timeout.Token).ConfigureAwait(false);
                        return true;
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                        && (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException))
                    {
                        // The response is out; a client that keeps the connection open or resets it only ends the linger.
                        return false;
                    }
                }
            }
        }

        private static void ThrowIfLineBreak(string? value, string parameterName)
        {
            if (value != null && (value.IndexOf('\r') >= 0 || value.IndexOf('\n') >= 0))
            {
                throw new ArgumentException("Header text cannot contain line breaks.", parameterName);
            }
        }
    }
}
