using System;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// The peer's TCP connection ended (EOF or reset) without a close frame: what a client reports as 1006.
    /// </summary>
    internal sealed class WebSocketPeerGoneException : Exception
    {
        public WebSocketPeerGoneException(string message)
            : base(message)
        {
        }

        public WebSocketPeerGoneException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }
}
