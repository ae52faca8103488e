using System;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// Playback to a PulseAudio/PipeWire sink at 24 kHz s16le mono with tlength = the playback buffer. Flush is
    /// pa_simple_flush (measured: silent 2-28 ms after the call, notes/audio.md §2.1), called by the owner thread.
    /// </summary>
    internal sealed class PulseOutput : IAudioOutput
    {
        private IntPtr _handle;

        public PulseOutput(string? device, AudioStreamOptions options)
        {
            var attr = new PulseNative.BufferAttr
            {
                MaxLength = uint.MaxValue,
                TLength = (uint)options.PlaybackBufferBytes,
                PreBuf = uint.MaxValue,
                MinReq = uint.MaxValue,
                FragSize = uint.MaxValue,
            };
            _handle = PulseNative.Open(PulseNative.StreamPlayback, device, PcmFormat.Output24k, attr, options.ApplicationName, "Gemini voice");
            BufferSize = options.PlaybackBuffer;
            Description = "Pulse: " + (string.IsNullOrEmpty(device) ? "default sink" : device);
        }

        public string Description { get; }

        public TimeSpan BufferSize { get; }

        public TimeSpan Latency
        {
            get
            {
                ulong micros = PulseNative.pa_simple_get_latency(Handle, out int error);
                return micros == ulong.MaxValue ? BufferSize : TimeSpan.FromTicks((long)micros * 10);
            }
        }

        private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(PulseOutput));

        public void Write(byte[] buffer, int offset, int count)
        {
            byte[] data = buffer;
            if (offset != 0 || count != buffer.Length)
            {
                data = new byte[count];
                Buffer.BlockCopy(buffer, offset, data, 0, count);
            }
            if (PulseNative.pa_simple_write(Handle, data, (UIntPtr)count, out int error) < 0)
                throw new AudioDeviceException($"PulseAudio playback failed: {PulseNative.ErrorText(error)}.");
        }

        public void Flush()
        {
            if (PulseNative.pa_simple_flush(Handle, out int error) < 0)
                throw new AudioDeviceException($"PulseAudio flush failed: {PulseNative.ErrorText(error)}.");
        }

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            // No drain: whoever disposes wants the device released now (Ctrl+C, end of conversation after playback).
            PulseNative.pa_simple_free(_handle);
            _handle = IntPtr.Zero;
        }
    }
}
