using System;
using System.Diagnostics;
using System.IO;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// Playback through a child process that reads raw 24 kHz s16le mono on stdin (sox <c>play</c>). A pipe cannot be
    /// flushed, so <see cref="Flush"/> kills the process and starts a new one (measured: silent 8-11 ms after the kill,
    /// ~30 ms to respawn). Writes are paced to keep at most the playback buffer ahead of the player.
    /// </summary>
    internal sealed class ProcessAudioOutput : IAudioOutput
    {
        private readonly string _fileName;
        private readonly string _arguments;
        private readonly string? _device;
        private readonly PlaybackClock _clock;
        private Process _process;
        private Stream _stdin;

        public ProcessAudioOutput(string fileName, string arguments, string? device, AudioStreamOptions options, string description)
        {
            _fileName = fileName;
            _arguments = arguments;
            _device = device;
            BufferSize = options.PlaybackBuffer;
            _clock = new PlaybackClock(options.PlaybackBuffer);
            _process = ProcessAudio.Start(fileName, arguments, device, redirectInput: true);
            _stdin = _process.StandardInput.BaseStream;
            Description = description;
        }

        public string Description { get; }

        public TimeSpan BufferSize { get; }

        public TimeSpan Latency => _clock.Pending;

        public void Write(byte[] buffer, int offset, int count)
        {
            _clock.Add(PcmFormat.Output24k.DurationOf(count));
            try
            {
                _stdin.Write(buffer, offset, count);
                _stdin.Flush();
            }
            catch (IOException ex)
            {
                throw new AudioDeviceException($"{Description} stopped: {ProcessAudio.ErrorText(_process)}", ex);
            }
        }

        public void Flush()
        {
            Stop();
            _clock.Reset();
            _process = ProcessAudio.Start(_fileName, _arguments, _device, redirectInput: true);
            _stdin = _process.StandardInput.BaseStream;
        }

        public void Dispose()
        {
            _clock.Dispose();
            Stop();
        }

        private void Stop()
        {
            ProcessAudio.Kill(_process);
            _process.WaitForExit(2000);
            _process.Dispose();
        }
    }
}
