using System;
using System.Threading;
using NAudio.Wave;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// WaveOutEvent over a BufferedWaveProvider (24 kHz mono, plays silence when empty). Write waits while more than the
    /// playback buffer is queued; Flush clears the queue and resets the device (waveOutReset through Stop, then Play).
    /// </summary>
    internal sealed class WinMmOutput : IAudioOutput
    {
        private readonly WaveOutEvent _waveOut;
        private readonly BufferedWaveProvider _queue;
        private readonly ManualResetEventSlim _disposed = new ManualResetEventSlim(false);

        public WinMmOutput(int deviceNumber, string? device, AudioStreamOptions options)
        {
            BufferSize = options.PlaybackBuffer;
            _queue = new BufferedWaveProvider(new WaveFormat(24000, 16, 1))
            {
                BufferDuration = TimeSpan.FromSeconds(2),
                ReadFully = true,
                DiscardOnBufferOverflow = false,
            };
            _waveOut = new WaveOutEvent
            {
                DeviceNumber = deviceNumber,
                DesiredLatency = Math.Max(60, (int)options.PlaybackBuffer.TotalMilliseconds),
                NumberOfBuffers = 3,
            };
            try
            {
                _waveOut.Init(_queue);
                _waveOut.Play();
            }
            catch (Exception ex) when (ex is NAudio.MmException || ex is DllNotFoundException)
            {
                _waveOut.Dispose();
                throw new AudioUnavailableException($"WinMM could not open the playback device: {ex.Message}", ex);
            }
            Description = "WinMM: " + (string.IsNullOrEmpty(device) ? "default playback device" : device);
        }

        public string Description { get; }

        public TimeSpan BufferSize { get; }

        public TimeSpan Latency => _queue.BufferedDuration + TimeSpan.FromMilliseconds(_waveOut.DesiredLatency);

        public void Write(byte[] buffer, int offset, int count)
        {
            // Wait (not poll): for exactly the time the surplus takes to play, or until disposed.
            TimeSpan surplus = _queue.BufferedDuration - BufferSize;
            if (surplus > TimeSpan.Zero) _disposed.Wait(surplus);
            _queue.AddSamples(buffer, offset, count);
        }

        public void Flush()
        {
            _queue.ClearBuffer();
            _waveOut.Stop(); // waveOutReset: drops what the driver holds
            _waveOut.Play();
        }

        public void Dispose()
        {
            _disposed.Set();
            _waveOut.Stop();
            _waveOut.Dispose();
            _disposed.Dispose();
        }
    }
}
