using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// An accepted TCP connection with its parsed HTTP request, waiting for an answer: <see cref="AcceptWebSocketAsync"/>
    /// (101) or <see cref="RejectAsync"/> (plain HTTP, then close). Owns the connection until answered; disposing an
    /// unanswered request closes it.
    /// </summary>
    internal sealed class UpgradeRequest : IDisposable
    {
        private const int Pending = 0;
        private const int Answered = 1;
        private const int Disposed = 2;

        private readonly TcpClient _client;
        private readonly Stream _stream;
        private readonly BufferedConnectionReader _reader;
        private int _state;

        internal UpgradeRequest(HttpRequestHead head, TcpClient client, Stream stream, BufferedConnectionReader reader, IPEndPoint remoteEndPoint)
        {
            if (head is null)
            {
                throw new ArgumentNullException(nameof(head));
            }

            _client = client ?? throw new ArgumentNullException(nameof(client));
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _reader = reader ?? throw new ArgumentNullException(nameof(reader));
            RemoteEndPoint = remoteEndPoint ?? throw new ArgumentNullException(nameof(remoteEndPoint));
            Method = head.Method;
            RawTarget = head.RawTarget;
            HttpVersion = head.Version;
            Headers = head.Headers;
            int question = RawTarget.IndexOf('?');
            Path = question < 0 ? RawTarget : RawTarget.Substring(0, question);
            Query = QueryString.Parse(question < 0 ? string.Empty : RawTarget.Substring(question + 1));
            IsWebSocketUpgrade = Method == "GET"
                && HttpVersion == "HTTP/1.1"
                && HttpRequestHead.ContainsToken(GetHeader("Upgrade"), "websocket")
                && HttpRequestHead.ContainsToken(GetHeader("Connection"), "upgrade")
                && WebSocketHandshake.IsValidClientKey(GetHeader("Sec-WebSocket-Key"))
                && GetHeader("Sec-WebSocket-Version") == "13";
        }

        public string Method { get; }

        /// <summary>The request target exactly as sent, e.g. "//ws/google.ai…BidiGenerateContent?key=abc".</summary>
        public string RawTarget { get; }

        /// <summary><see cref="RawTarget"/> without the query, not normalized (a leading "//" stays).</summary>
        public string Path { get; }

        /// <summary>Query parameters, case-sensitive keys, percent-decoded only ('+' stays '+'); the first of repeated keys wins.</summary>
        public IReadOnlyDictionary<string, string> Query { get; }

        /// <summary>Header fields, case-insensitive names; repeated fields joined with ", ".</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>"HTTP/1.1" or "HTTP/1.0".</summary>
        public string HttpVersion { get; }

        /// <summary>GET, HTTP/1.1, Upgrade: websocket, Connection: upgrade, a valid Sec-WebSocket-Key and Sec-WebSocket-Version: 13.</summary>
        public bool IsWebSocketUpgrade { get; }

        public IPEndPoint RemoteEndPoint { get; }

        /// <summary>
        /// Answers 101 with Sec-WebSocket-Accept and hands the connection (and any bytes the client sent after its
        /// request) to a <see cref="ServerWebSocket"/>. Extensions (permessage-deflate) and subprotocols offered are
        /// declined by not answering them.
        /// </summary>
        public async Task<ServerWebSocket> AcceptWebSocketAsync(CancellationToken cancellationToken)
        {
            if (!IsWebSocketUpgrade)
            {
                throw new InvalidOperationException("This is not a WebSocket upgrade request; answer it with RejectAsync.");
            }

            TakeConnection();
            string accept = WebSocketHandshake.ComputeAcceptKey(Headers["Sec-WebSocket-Key"]);
            byte[] response = Encoding.ASCII.GetBytes(
                "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n");
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (cancellationToken.Register(static state => ((TcpClient)state).Dispose(), _client))
                {
                    await _stream.WriteAsync(response, 0, response.Length, cancellationToken).ConfigureAwait(false);
                }

                // A cancellation that fired after the write still closed the connection: do not hand out a dead socket.
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
            {
                _client.Dispose();
                throw Translate(ex, cancellationToken);
            }

            return new ServerWebSocket(_client, _stream, _reader);
        }

        /// <summary>
        /// Answers with a plain HTTP response (status, reason phrase, optional Content-Type, UTF-8 body,
        /// "Connection: close"), then closes the connection after a short lingering drain.
        /// </summary>
        public async Task RejectAsync(int statusCode, string reasonPhrase, string contentType, string body, CancellationToken cancellationToken)
        {
            byte[] response = HttpResponses.Build(statusCode, reasonPhrase, contentType, body);
            TakeConnection();
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (cancellationToken.Register(static state => ((TcpClient)state).Dispose(), _client))
                {
                    await _stream.WriteAsync(response, 0, response.Length, cancellationToken).ConfigureAwait(false);
                    await HttpResponses.LingerAsync(_client, _reader, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
            {
                throw Translate(ex, cancellationToken);
            }
            finally
            {
                _client.Dispose();
            }
        }

        /// <summary>
        /// Reads the request body announced by <c>Content-Length</c> (none: empty). Null when the length is missing with
        /// a chunked body, malformed, above <paramref name="maxBytes"/>, or the client stopped sending first.
        /// </summary>
        public async Task<byte[]?> ReadBodyAsync(int maxBytes, CancellationToken cancellationToken)
        {
            string? length = GetHeader("Content-Length");
            if (length == null) return GetHeader("Transfer-Encoding") == null ? Array.Empty<byte>() : null;
            if (!int.TryParse(length.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count)
                || count > maxBytes)
            {
                return null;
            }

            var body = new byte[count];
            return await _reader.ReadExactAsync(body, 0, count, cancellationToken).ConfigureAwait(false) ? body : null;
        }

        /// <summary>Closes the connection unless it was answered.</summary>
        public void Dispose()
        {
            if (Interlocked.CompareExchange(ref _state, Disposed, Pending) == Pending)
            {
                _client.Dispose();
            }
        }

        private string? GetHeader(string name)
        {
            return Headers.TryGetValue(name, out string? value) ? value : null;
        }

        private void TakeConnection()
        {
            int previous = Interlocked.CompareExchange(ref _state, Answered, Pending);
            if (previous == Disposed)
            {
                throw new ObjectDisposedException(nameof(UpgradeRequest));
            }

            if (previous == Answered)
            {
                throw new InvalidOperationException("The request has already been answered.");
            }
        }

        private static bool IsConnectionFailure(Exception ex, CancellationToken cancellationToken)
        {
            return ex is IOException || ex is SocketException || ex is ObjectDisposedException
                || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested);
        }

        private static Exception Translate(Exception ex, CancellationToken cancellationToken)
        {
            return cancellationToken.IsCancellationRequested
                ? new OperationCanceledException("The operation was canceled and the connection closed.", ex, cancellationToken)
                : (Exception)new WebSocketPeerGoneException("The client dropped the connection during the handshake.", ex);
        }
    }
}
