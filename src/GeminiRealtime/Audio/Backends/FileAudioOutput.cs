using System;
using System.Collections.Generic;
using System.IO;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// A WAV file as a speaker (24 kHz s16le mono). It behaves like a device with a buffer: audio written is "played"
    /// in real time, and only what has played by the time of a <see cref="Flush"/> stays in the file, so a barge-in
    /// cuts the file exactly as it would cut a speaker. Played audio is stored back to back (no silence between
    /// turns). Disposing plays out what is pending and writes the file.
    /// </summary>
    public sealed class FileAudioOutput : IAudioOutput
    {
        private readonly string _path;
        private readonly PlaybackClock _clock;
        private readonly MemoryStream _played = new MemoryStream();
        private readonly Queue<byte[]> _pending = new Queue<byte[]>();
        private TimeSpan _pendingDuration;
        private bool _disposed;

        public FileAudioOutput(string path, AudioStreamOptions options)
        {
            _path = path;
            // Fail now, not at the end: the folder must exist and the file be writable.
            using (new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read))
            {
            }
            BufferSize = options.PlaybackBuffer;
            _clock = new PlaybackClock(options.PlaybackBuffer);
            Description = "File: " + path;
        }

        public string Description { get; }

        public TimeSpan BufferSize { get; }

        public TimeSpan Latency => _clock.Pending;

        /// <summary>Bytes that have "played" so far.</summary>
        public long PlayedBytes
        {
            get
            {
                Commit();
                return _played.Length;
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _clock.Add(PcmFormat.Output24k.DurationOf(count));
            Commit();
            var copy = new byte[count];
            Buffer.BlockCopy(buffer, offset, copy, 0, count);
            _pending.Enqueue(copy);
            _pendingDuration += PcmFormat.Output24k.DurationOf(count);
        }

        public void Flush()
        {
            Commit();
            // The part of the oldest chunk that already played stays; the rest is gone.
            if (_pending.Count > 0)
            {
                TimeSpan unplayed = _clock.Pending;
                TimeSpan playedOfPending = _pendingDuration - unplayed;
                byte[] first = _pending.Peek();
                int keep = (int)Math.Min(first.Length, Math.Max(0, playedOfPending.TotalSeconds * PcmFormat.Output24k.BytesPerSecond)) / 2 * 2;
                _played.Write(first, 0, keep);
            }
            _pending.Clear();
            _pendingDuration = TimeSpan.Zero;
            _clock.Reset();
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            while (_pending.Count > 0)
            {
                byte[] chunk = _pending.Dequeue();
                _played.Write(chunk, 0, chunk.Length);
            }
            _clock.Dispose();
            WavFile.Write(_path, _played.ToArray(), PcmFormat.Output24k);
        }

        /// <summary>Moves chunks whose playback time has fully passed into the file.</summary>
        private void Commit()
        {
            TimeSpan unplayed = _clock.Pending;
            while (_pending.Count > 0)
            {
                TimeSpan first = PcmFormat.Output24k.DurationOf(_pending.Peek().Length);
                if (_pendingDuration - first < unplayed) break;
                byte[] chunk = _pending.Dequeue();
                _pendingDuration -= first;
                _played.Write(chunk, 0, chunk.Length);
            }
        }
    }
}
