using System;
using System.Threading;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>Capture from a PulseAudio/PipeWire source at 16 kHz s16le mono (the server converts), fragsize = one chunk.</summary>
    internal sealed class PulseInput : IAudioInput
    {
        private readonly object _gate = new object();
        private IntPtr _handle;
        private byte[] _scratch = Array.Empty<byte>();

        public PulseInput(string? device, AudioStreamOptions options)
        {
            var attr = new PulseNative.BufferAttr
            {
                MaxLength = uint.MaxValue,
                TLength = uint.MaxValue,
                PreBuf = uint.MaxValue,
                MinReq = uint.MaxValue,
                FragSize = (uint)options.CaptureChunkBytes,
            };
            _handle = PulseNative.Open(PulseNative.StreamRecord, device, PcmFormat.Input16k, attr, options.ApplicationName, "Gemini microphone");
            Description = "Pulse: " + (string.IsNullOrEmpty(device) ? "default source" : device);
        }

        public string Description { get; }

        public int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_scratch.Length != count) _scratch = new byte[count];
            int result, error;
            lock (_gate)
            {
                if (_handle == IntPtr.Zero) throw new ObjectDisposedException(nameof(PulseInput));
                // Blocks for one chunk (20-40 ms) at most while audio flows; cancellation is checked between chunks.
                result = PulseNative.pa_simple_read(_handle, _scratch, (UIntPtr)count, out error);
            }
            if (result < 0) throw new AudioDeviceException($"PulseAudio capture failed: {PulseNative.ErrorText(error)}.");
            Buffer.BlockCopy(_scratch, 0, buffer, offset, count);
            cancellationToken.ThrowIfCancellationRequested();
            return count;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_handle == IntPtr.Zero) return;
                PulseNative.pa_simple_free(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }
}
