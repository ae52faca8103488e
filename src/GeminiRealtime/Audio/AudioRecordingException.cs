using System;
using System.IO;

namespace GeminiRealtime.Audio
{
    /// <summary>A recording file could not be created (folder missing and not creatable, no permission, a folder by that name).</summary>
    public sealed class AudioRecordingException : IOException
    {
        public AudioRecordingException(string path, string message, Exception? inner = null)
            : base(message, inner)
        {
            Path = path;
        }

        /// <summary>The file that could not be created.</summary>
        public string Path { get; }
    }
}
