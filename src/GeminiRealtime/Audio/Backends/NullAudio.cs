using System;
using System.Collections.Generic;
using System.Threading;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>No device: capture is real-time-paced silence, playback is real-time-paced and discarded. For tests and headless use.</summary>
    public sealed class NullBackend : IAudioBackend
    {
        public string Name => "Null";

        public IReadOnlyList<AudioDeviceInfo> GetDevices() => new[]
        {
            new AudioDeviceInfo(Name, AudioDeviceKind.Input, string.Empty, "silence", true),
            new AudioDeviceInfo(Name, AudioDeviceKind.Output, string.Empty, "discard", true),
        };

        public IAudioInput OpenInput(string? device, AudioStreamOptions options) => new NullAudioInput();

        public IAudioOutput OpenOutput(string? device, AudioStreamOptions options) => new NullAudioOutput(options);
    }

    internal sealed class NullAudioInput : IAudioInput
    {
        private readonly PlaybackClock _clock = new PlaybackClock(TimeSpan.Zero);

        public string Description => "Null: silence";

        public int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            using (cancellationToken.Register(_clock.Cancel))
            {
                _clock.Add(PcmFormat.Input16k.DurationOf(count));
            }
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(buffer, offset, count);
            return count;
        }

        public void Dispose() => _clock.Dispose();
    }

    internal sealed class NullAudioOutput : IAudioOutput
    {
        private readonly PlaybackClock _clock;

        public NullAudioOutput(AudioStreamOptions options)
        {
            BufferSize = options.PlaybackBuffer;
            _clock = new PlaybackClock(options.PlaybackBuffer);
        }

        public string Description => "Null: discard";

        public TimeSpan BufferSize { get; }

        public TimeSpan Latency => _clock.Pending;

        public void Write(byte[] buffer, int offset, int count) => _clock.Add(PcmFormat.Output24k.DurationOf(count));

        public void Flush() => _clock.Reset();

        public void Dispose() => _clock.Dispose();
    }
}
