using System;
using System.Collections.Concurrent;
using System.Threading;
using NAudio.Wave;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>WaveInEvent at 16 kHz mono, buffers of one capture chunk; callbacks hand buffers to <see cref="Read"/> through a queue.</summary>
    internal sealed class WinMmInput : IAudioInput
    {
        private readonly WaveInEvent _waveIn;
        private readonly BlockingCollection<byte[]> _captured = new BlockingCollection<byte[]>(new ConcurrentQueue<byte[]>(), 256);
        private byte[] _current = Array.Empty<byte>();
        private int _currentOffset;
        private Exception? _failure;

        public WinMmInput(int deviceNumber, string? device, AudioStreamOptions options)
        {
            _waveIn = new WaveInEvent
            {
                DeviceNumber = deviceNumber,
                WaveFormat = new WaveFormat(16000, 16, 1),
                BufferMilliseconds = Math.Max(10, (int)options.CaptureChunk.TotalMilliseconds),
                NumberOfBuffers = 3,
            };
            _waveIn.DataAvailable += (sender, e) =>
            {
                var copy = new byte[e.BytesRecorded];
                Buffer.BlockCopy(e.Buffer, 0, copy, 0, e.BytesRecorded);
                // Never block the driver thread: a reader that fell 5 s behind loses the oldest audio.
                if (!_captured.TryAdd(copy)) _captured.TryTake(out _);
                _captured.TryAdd(copy);
            };
            _waveIn.RecordingStopped += (sender, e) =>
            {
                _failure = e.Exception;
                _captured.CompleteAdding();
            };
            try
            {
                _waveIn.StartRecording();
            }
            catch (Exception ex) when (ex is NAudio.MmException || ex is DllNotFoundException)
            {
                _waveIn.Dispose();
                throw new AudioUnavailableException($"WinMM could not open the recording device: {ex.Message}", ex);
            }
            Description = "WinMM: " + (string.IsNullOrEmpty(device) ? "default recording device" : device);
        }

        public string Description { get; }

        public int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int filled = 0;
            while (filled < count)
            {
                if (_currentOffset >= _current.Length)
                {
                    if (!_captured.TryTake(out byte[]? next, Timeout.Infinite, cancellationToken))
                    {
                        if (_failure != null) throw new AudioDeviceException("WinMM capture stopped: " + _failure.Message, _failure);
                        return filled;
                    }
                    _current = next;
                    _currentOffset = 0;
                }
                int n = Math.Min(count - filled, _current.Length - _currentOffset);
                Buffer.BlockCopy(_current, _currentOffset, buffer, offset + filled, n);
                _currentOffset += n;
                filled += n;
            }
            return filled;
        }

        public void Dispose()
        {
            _waveIn.StopRecording();
            _waveIn.Dispose();
            _captured.Dispose();
        }
    }
}
