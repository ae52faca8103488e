using System;

namespace GeminiRealtime.Audio
{
    /// <summary>The audio stack is missing or refuses (no library, no sound server, no device): the message says what to install or use instead.</summary>
    public sealed class AudioUnavailableException : Exception
    {
        public AudioUnavailableException(string message)
            : base(message)
        {
        }

        public AudioUnavailableException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
