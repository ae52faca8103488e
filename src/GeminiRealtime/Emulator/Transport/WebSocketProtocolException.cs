using System;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// The peer broke RFC 6455 (or a size limit). The close frame with <see cref="CloseCode"/> has already been sent;
    /// finish with <see cref="ServerWebSocket.CloseAsync"/> or <see cref="ServerWebSocket.DisposeAsync"/>,
    /// which wait briefly for the peer's close reply.
    /// </summary>
    internal sealed class WebSocketProtocolException : Exception
    {
        public WebSocketProtocolException(int closeCode, string message)
            : base(message)
        {
            CloseCode = closeCode;
        }

        public WebSocketProtocolException(int closeCode, string message, Exception? innerException)
            : base(message, innerException)
        {
            CloseCode = closeCode;
        }

        /// <summary>The close code sent to the peer (1002 protocol error, 1009 message too big).</summary>
        public int CloseCode { get; }
    }
}
