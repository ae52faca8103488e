using System;
using System.Diagnostics;
using System.Threading;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// A WAV file as a microphone: any rate, depth or channel count, converted to 16 kHz s16le mono (bit-exact when the
    /// file already is). Paced in real time (like a device) unless <c>paced</c> is false; then optional trailing silence,
    /// then the end (Read returns 0).
    /// </summary>
    public sealed class FileAudioInput : IAudioInput
    {
        private readonly byte[] _pcm;
        private readonly bool _paced;
        private readonly Stopwatch _clock = new Stopwatch();
        private long _position;

        public FileAudioInput(string path, bool paced, TimeSpan trailingSilence)
        {
            byte[] audio = WavReader.ReadPcm16(path, PcmFormat.Input16k.SampleRate, out int sourceRate);
            int silence = (int)(trailingSilence.TotalSeconds * PcmFormat.Input16k.BytesPerSecond) / 2 * 2;
            _pcm = new byte[audio.Length + silence];
            Buffer.BlockCopy(audio, 0, _pcm, 0, audio.Length);
            SpeechBytes = audio.Length;
            SourceRate = sourceRate;
            _paced = paced;
            Description = $"File: {path} ({sourceRate} Hz)";
        }

        public string Description { get; }

        public int SourceRate { get; }

        /// <summary>Bytes of the file's own audio (without the trailing silence).</summary>
        public int SpeechBytes { get; }

        public int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = (int)Math.Min(count, _pcm.Length - _position);
            if (n <= 0) return 0;
            if (_paced)
            {
                if (!_clock.IsRunning) _clock.Start();
                // The chunk is "captured" once its last sample has happened.
                TimeSpan due = PcmFormat.Input16k.DurationOf(_position + n);
                TimeSpan wait = due - _clock.Elapsed;
                if (wait > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(wait)) throw new OperationCanceledException(cancellationToken);
            }
            Buffer.BlockCopy(_pcm, (int)_position, buffer, offset, n);
            _position += n;
            return n;
        }

        public void Dispose()
        {
        }
    }
}
