using System;

namespace GeminiRealtime.Vision
{
    /// <summary>Screen capture is unavailable here or a grab failed. The message says what to do.</summary>
    public sealed class ScreenCaptureException : Exception
    {
        public ScreenCaptureException(string message)
            : base(message)
        {
        }

        public ScreenCaptureException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        /// <summary>True when no backend can work on this machine at all (as opposed to one failed grab).</summary>
        public bool Unavailable { get; set; }
    }
}
