using System;

namespace GeminiRealtime.Audio
{
    /// <summary>
    /// A playback stream, always 24 kHz s16le mono (<see cref="PcmFormat.Output24k"/>). Owned by ONE thread (the
    /// playback thread of <see cref="AudioPlayer"/>): <see cref="Write"/>, <see cref="Flush"/> and
    /// <see cref="Latency"/> are called from it only.
    /// </summary>
    public interface IAudioOutput : IDisposable
    {
        string Description { get; }

        /// <summary>The device buffer this stream was opened with (what a flush at most cuts away).</summary>
        TimeSpan BufferSize { get; }

        /// <summary>Hands PCM to the device; blocks while the device buffer is full (that paces the caller in real time).</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>Barge-in: drops everything buffered in the device so output goes silent now.</summary>
        void Flush();

        /// <summary>How long until audio written now is heard (device buffer + server), as well as the backend knows.</summary>
        TimeSpan Latency { get; }
    }
}
