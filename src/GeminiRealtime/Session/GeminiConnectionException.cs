using System;

namespace GeminiRealtime.Session
{
    /// <summary>The WebSocket could not be opened (no route, refused, HTTP error, TLS) or setup timed out.</summary>
    public sealed class GeminiConnectionException : Exception
    {
        public GeminiConnectionException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }
}
