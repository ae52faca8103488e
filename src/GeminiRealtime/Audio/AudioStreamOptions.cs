using System;

namespace GeminiRealtime.Audio
{
    /// <summary>Buffer sizes for opening device streams.</summary>
    public sealed class AudioStreamOptions
    {
        /// <summary>Capture chunk: what one <see cref="IAudioInput.Read"/> returns and one realtimeInput.audio carries (20–40 ms).</summary>
        public TimeSpan CaptureChunk { get; set; } = TimeSpan.FromMilliseconds(20);

        /// <summary>Device playback buffer (PulseAudio tlength): the most a barge-in flush cuts, and the output latency.</summary>
        public TimeSpan PlaybackBuffer { get; set; } = TimeSpan.FromMilliseconds(60);

        /// <summary>Application name shown by the sound server.</summary>
        public string ApplicationName { get; set; } = "GeminiRealtime";

        public int CaptureChunkBytes => PcmFormat.Input16k.BytesPerSecond * (int)CaptureChunk.TotalMilliseconds / 1000 / 2 * 2;

        public int PlaybackBufferBytes => PcmFormat.Output24k.BytesPerSecond * (int)PlaybackBuffer.TotalMilliseconds / 1000 / 2 * 2;
    }
}
