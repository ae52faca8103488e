using System;

namespace GeminiRealtime.Audio
{
    /// <summary>An open device failed while streaming (server gone, device unplugged).</summary>
    public sealed class AudioDeviceException : Exception
    {
        public AudioDeviceException(string message)
            : base(message)
        {
        }

        public AudioDeviceException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
