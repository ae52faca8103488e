using System;

namespace GeminiRealtime.Supervision
{
    /// <summary>REST <c>generateContent</c> failed: the HTTP status and Google's message (never the key).</summary>
    public sealed class GenerateContentException : Exception
    {
        public GenerateContentException(int statusCode, string status, string message)
            : base(message)
        {
            StatusCode = statusCode;
            Status = status;
        }

        public GenerateContentException(int statusCode, string status, string message, Exception inner)
            : base(message, inner)
        {
            StatusCode = statusCode;
            Status = status;
        }

        /// <summary>The HTTP status (0 when no answer came: a network failure).</summary>
        public int StatusCode { get; }

        /// <summary>Google's status name, e.g. INVALID_ARGUMENT, NOT_FOUND, or empty.</summary>
        public string Status { get; }
    }
}
