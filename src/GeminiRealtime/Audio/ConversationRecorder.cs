using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace GeminiRealtime.Audio
{
    /// <summary>
    /// Records both directions of a conversation into ONE time-aligned stereo WAV file: 24 kHz, 16-bit, left = the user
    /// (audio as it went out in <c>realtimeInput.audio</c>, resampled from 16 kHz), right = the model (audio as it
    /// arrived in <c>serverContent.modelTurn</c>). The timeline starts with the first chunk of either side; each chunk is
    /// placed at the moment it was sent or received, or right after the previous chunk of its side when it came earlier
    /// than that (audio sent or received faster than real time plays back to back) or at most
    /// <see cref="JitterTolerance"/> later; the rest is silence.
    /// <para>
    /// The hot paths (the socket's send and receive loops) only copy the chunk into a bounded channel: they never wait
    /// for the disk. A background task writes batches and patches the RIFF and <c>data</c> sizes after each one, so the
    /// file is a valid WAV at all times, of everything up to a tenth of a second ago (a crash loses only that, and the
    /// audio that lies ahead of the clock, such as the rest of a reply received faster than real time). When the channel is full the
    /// chunk is dropped and counted (<see cref="DroppedChunks"/>, <see cref="FellBehind"/>). A write failure (disk
    /// full) stops the recording, never the conversation: it is kept in <see cref="Failure"/> and told once by
    /// <see cref="Failed"/>.
    /// </para>
    /// </summary>
    public sealed class ConversationRecorder : IAsyncDisposable
    {
        /// <summary>The file's sample rate (the model's output rate).</summary>
        public const int SampleRate = 24000;

        /// <summary>Left: the user. Right: the model.</summary>
        public const int Channels = 2;

        /// <summary>Chunks waiting for the writer before new ones are dropped (about 20 s of 20 ms microphone chunks).</summary>
        public const int DefaultCapacity = 1024;

        /// <summary>A chunk that arrives at most this long after the end of the previous one of its side follows it without a gap.</summary>
        public static readonly TimeSpan JitterTolerance = TimeSpan.FromMilliseconds(100);

        private const int BlockFrames = SampleRate; // write in blocks of one second

        private readonly Stream _stream;
        private readonly Channel<Chunk> _chunks;
        private readonly Func<TimeSpan> _clock;
        private readonly CancellationTokenSource _abort = new CancellationTokenSource();
        private readonly RecordingTrack _user = new RecordingTrack();
        private readonly RecordingTrack _model = new RecordingTrack();
        private readonly byte[] _block = new byte[BlockFrames * Channels * 2];
        private readonly Task _writer;
        private PcmResampler? _userResampler;
        private bool _userResamplerHasAudio;
        private TimeSpan? _origin;
        private long _startedAtUtcTicks;
        private long _framesWritten;
        private long _userFrames;
        private long _modelFrames;
        private long _dropped;
        private long _chunksPlaced;
        private int _dropsReported;
        private Exception? _failure;
        private volatile bool _stopped;
        private int _disposed;

        /// <summary>Creates (or overwrites) the WAV file and starts the writer. Its folder is created when missing.</summary>
        /// <exception cref="AudioRecordingException">The file cannot be created or written.</exception>
        public ConversationRecorder(string path, int capacity = DefaultCapacity)
            : this(OpenFile(path, out string fullPath), fullPath, StartClock(), capacity)
        {
        }

        /// <summary>Records into <paramref name="stream"/> (seekable; the header is written at once) with <paramref name="clock"/> as time.</summary>
        internal ConversationRecorder(Stream stream, string path, Func<TimeSpan> clock, int capacity = DefaultCapacity)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (!stream.CanSeek || !stream.CanWrite) throw new ArgumentException("The recording stream must be writable and seekable.", nameof(stream));
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
            _stream = stream;
            Path = path;
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            try
            {
                WavFile.WriteHeader(stream, SampleRate, Channels, 0);
                stream.Flush();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                stream.Dispose();
                throw new AudioRecordingException(path, $"Cannot record to '{path}': {ex.Message}", ex);
            }
            _chunks = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            _writer = Task.Run(WriteLoopAsync);
        }

        /// <summary>The WAV file (full path).</summary>
        public string Path { get; }

        /// <summary>When the first chunk (of either side) was offered: time zero of the file. Null until then.</summary>
        public DateTimeOffset? StartedAt
        {
            get
            {
                long ticks = Interlocked.Read(ref _startedAtUtcTicks);
                return ticks == 0 ? (DateTimeOffset?)null : new DateTimeOffset(ticks, TimeSpan.Zero).ToLocalTime();
            }
        }

        /// <summary>Length of the file so far (both channels, silence included).</summary>
        public TimeSpan Duration => FramesToTime(Interlocked.Read(ref _framesWritten));

        /// <summary>User audio placed on the timeline so far (at 24 kHz; silence not counted).</summary>
        public TimeSpan UserAudio => FramesToTime(Interlocked.Read(ref _userFrames));

        /// <summary>Model audio placed on the timeline so far (silence not counted).</summary>
        public TimeSpan ModelAudio => FramesToTime(Interlocked.Read(ref _modelFrames));

        /// <summary>Chunks dropped because the writer fell behind (the recording has gaps there; the conversation does not).</summary>
        public long DroppedChunks => Interlocked.Read(ref _dropped);

        /// <summary>Why the recording stopped early, or null.</summary>
        public Exception? Failure => Volatile.Read(ref _failure);

        /// <summary>Whether chunks are still taken (false once disposed or failed).</summary>
        public bool IsRecording => !_stopped;

        /// <summary>
        /// Raised once, on the writer's thread, when the recording stops because of <see cref="Failure"/>. Handlers must
        /// be quick; the file keeps what was written before.
        /// </summary>
        public event ErrorEventHandler? Failed;

        /// <summary>Raised once, on the writer's thread, after the first chunk was dropped (<see cref="DroppedChunks"/> has the count).</summary>
        public event EventHandler? FellBehind;

        /// <summary>Offers user audio as it went out (s16le mono, 16 kHz unless said). Copied; never blocks. False when dropped or stopped.</summary>
        public bool RecordUserAudio(ReadOnlySpan<byte> pcm, int sampleRate = 16000) => Offer(RecordingSide.User, pcm.ToArray(), sampleRate);

        /// <summary>Offers model audio as it arrived (s16le mono, 24 kHz unless said). Copied; never blocks. False when dropped or stopped.</summary>
        public bool RecordModelAudio(ReadOnlySpan<byte> pcm, int sampleRate = SampleRate) => Offer(RecordingSide.Model, pcm.ToArray(), sampleRate);

        /// <summary>Like <see cref="RecordUserAudio"/>, taking ownership of <paramref name="pcm"/> (the caller already made a copy).</summary>
        internal bool OfferUserAudio(byte[] pcm, int sampleRate) => Offer(RecordingSide.User, pcm, sampleRate);

        /// <summary>Writes what is left (both sides to their end), patches the header and closes the file.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            _stopped = true;
            _chunks.Writer.TryComplete();
            bool finished;
            using (var timeout = new CancellationTokenSource())
            {
                finished = await Task.WhenAny(_writer, Task.Delay(DisposeTimeout, timeout.Token)).ConfigureAwait(false) == _writer;
                timeout.Cancel();
            }
            if (!finished)
            {
                // The file stopped taking writes (a hung network share): give up on it rather than hang the caller.
                Fail(new TimeoutException($"The recording file '{Path}' did not accept writes for {DisposeTimeout.TotalSeconds:0} s; the recording ends there."));
                _abort.Cancel();
            }
            else
            {
                await _writer.ConfigureAwait(false);
            }
            try
            {
                _stream.Dispose();
            }
            catch (Exception ex) when (ex is IOException || ex is NotSupportedException || ex is ObjectDisposedException)
            {
                Fail(ex);
            }
            if (finished) _abort.Dispose();
        }

        /// <summary>
        /// Disposes and, when nothing was recorded, deletes the file: for a conversation that never came about (the
        /// connection failed), so no empty recording is left behind.
        /// </summary>
        internal async Task AbandonAsync()
        {
            await DisposeAsync().ConfigureAwait(false);
            if (StartedAt.HasValue || !(_stream is FileStream)) return;
            try
            {
                File.Delete(Path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Called while the error that ended the conversation propagates: that one is the story. What stays is
                // a valid, empty WAV file.
            }
        }

        public override string ToString() => $"Recording to {Path} ({Duration.TotalSeconds:0.0} s)";

        /// <summary>Tests: called on the writer's thread after each batch with the number of chunks placed so far.</summary>
        internal Action<long>? BatchWritten { get; set; }

        /// <summary>How long <see cref="DisposeAsync"/> waits for the last writes.</summary>
        internal TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(10);

        private bool Offer(RecordingSide side, byte[] pcm, int sampleRate)
        {
            if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
            if (_stopped) return false;
            if (pcm.Length < 2) return true;
            if (_chunks.Writer.TryWrite(new Chunk(side, pcm, sampleRate, _clock()))) return true;
            if (_stopped) return false;
            Interlocked.Increment(ref _dropped);
            return false;
        }

        private async Task WriteLoopAsync()
        {
            ChannelReader<Chunk> reader = _chunks.Reader;
            CancellationToken token = _abort.Token;
            try
            {
                while (await WaitForChunksAsync(reader, token).ConfigureAwait(false))
                {
                    while (reader.TryRead(out Chunk chunk))
                    {
                        Place(chunk);
                        _chunksPlaced++;
                    }
                    if (_origin.HasValue) await CommitAsync(TimeToFrames(_clock() - _origin.Value), token).ConfigureAwait(false);
                    ReportDrops();
                    BatchWritten?.Invoke(_chunksPlaced);
                }
                await CommitAsync(long.MaxValue, token).ConfigureAwait(false);
                ReportDrops();
            }
            catch (Exception ex)
            {
                // Whatever went wrong (disk full, a share gone, a bug here) ends the recording, never the conversation:
                // it is kept in Failure and told once through Failed.
                Fail(ex);
                while (reader.TryRead(out _))
                {
                }
            }
        }

        /// <summary>
        /// Waits for chunks; while audio lies ahead of the clock (a reply received faster than real time), wakes up every
        /// quarter second without one so that the file keeps up with the present. False when the channel is done.
        /// </summary>
        private async Task<bool> WaitForChunksAsync(ChannelReader<Chunk> reader, CancellationToken token)
        {
            long written = Interlocked.Read(ref _framesWritten);
            if (_user.Cursor <= written && _model.Cursor <= written) return await reader.WaitToReadAsync(token).ConfigureAwait(false);
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(token);
            tick.CancelAfter(TimeSpan.FromMilliseconds(250));
            try
            {
                return await reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                return true;
            }
        }

        private void Place(Chunk chunk)
        {
            if (!_origin.HasValue)
            {
                _origin = chunk.At;
                Interlocked.Exchange(ref _startedAtUtcTicks, DateTimeOffset.UtcNow.Ticks - (_clock() - chunk.At).Ticks);
            }
            long at = Math.Max(0, TimeToFrames(chunk.At - _origin.Value));
            long tolerance = TimeToFrames(JitterTolerance);
            if (chunk.Side == RecordingSide.User)
            {
                if (_userResampler == null || _userResampler.FromRate != chunk.SampleRate)
                {
                    FlushUserResampler();
                    _userResampler = new PcmResampler(chunk.SampleRate, SampleRate);
                }
                // A pause: the resampler's tail (a few ms of the last words) belongs before it, not after.
                else if (at - _user.Cursor > tolerance) FlushUserResampler();
                _user.Place(_userResampler.Process(chunk.Pcm), at, tolerance);
                _userResamplerHasAudio = chunk.SampleRate != SampleRate;
                Interlocked.Exchange(ref _userFrames, _user.AudioFrames);
            }
            else
            {
                byte[] pcm = chunk.SampleRate == SampleRate ? chunk.Pcm : PcmResampler.Convert(chunk.Pcm, chunk.SampleRate, SampleRate);
                _model.Place(pcm, at, tolerance);
                Interlocked.Exchange(ref _modelFrames, _model.AudioFrames);
            }
        }

        private void FlushUserResampler()
        {
            if (_userResampler == null || !_userResamplerHasAudio) return;
            _user.Place(_userResampler.Flush(), _user.Cursor, 0);
            _userResamplerHasAudio = false;
            Interlocked.Exchange(ref _userFrames, _user.AudioFrames);
        }

        /// <summary>
        /// Writes every frame that can no longer change, patches the header and flushes. A side's frames are final up to
        /// its cursor, and up to <see cref="JitterTolerance"/> before <paramref name="now"/> when it has been silent
        /// (a chunk arriving later than that starts where it arrives). <see cref="long.MaxValue"/>: everything (the end).
        /// </summary>
        private async Task CommitAsync(long now, CancellationToken token)
        {
            long settled = now == long.MaxValue ? now : now - TimeToFrames(JitterTolerance);
            // The user went silent: the resampler's tail (the last milliseconds of speech) goes right after the speech.
            if (settled > _user.Cursor) FlushUserResampler();
            long written = Interlocked.Read(ref _framesWritten);
            long target = now == long.MaxValue
                ? Math.Max(_user.Cursor, _model.Cursor)
                : Math.Min(Math.Max(_user.Cursor, settled), Math.Max(_model.Cursor, settled));
            if (target <= written) return;
            if (target * Channels * 2 > WavFile.MaxDataLength)
                throw new IOException($"The recording reached the largest size a WAV file can have (4 GiB, about {WavFile.MaxDataLength / (SampleRate * Channels * 2) / 3600} h); it stops there.");
            while (written < target)
            {
                int frames = (int)Math.Min(BlockFrames, target - written);
                int bytes = frames * Channels * 2;
                Array.Clear(_block, 0, bytes);
                _user.Render(written, frames, _block, 0, Channels);
                _model.Render(written, frames, _block, 1, Channels);
                await _stream.WriteAsync(_block, 0, bytes, token).ConfigureAwait(false);
                written += frames;
                Interlocked.Exchange(ref _framesWritten, written);
            }
            _user.AdvanceTo(target);
            _model.AdvanceTo(target);
            await WavFile.PatchSizesAsync(_stream, written * Channels * 2, token).ConfigureAwait(false);
            await _stream.FlushAsync(token).ConfigureAwait(false);
        }

        private void ReportDrops()
        {
            if (Interlocked.Read(ref _dropped) > 0 && Interlocked.Exchange(ref _dropsReported, 1) == 0) FellBehind?.Invoke(this, EventArgs.Empty);
        }

        private void Fail(Exception error)
        {
            if (Interlocked.CompareExchange(ref _failure, error, null) != null) return;
            _stopped = true;
            _chunks.Writer.TryComplete();
            Failed?.Invoke(this, new ErrorEventArgs(error));
        }

        private static long TimeToFrames(TimeSpan time) => time.Ticks * SampleRate / TimeSpan.TicksPerSecond;

        private static TimeSpan FramesToTime(long frames) => TimeSpan.FromTicks(frames * TimeSpan.TicksPerSecond / SampleRate);

        private static Func<TimeSpan> StartClock()
        {
            Stopwatch watch = Stopwatch.StartNew();
            return () => watch.Elapsed;
        }

        private static Stream OpenFile(string path, out string fullPath)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (path.Length == 0) throw new ArgumentException("The recording path is empty.", nameof(path));
            fullPath = path;
            try
            {
                fullPath = System.IO.Path.GetFullPath(path);
                if (Directory.Exists(fullPath)) throw new IOException($"'{fullPath}' is a folder; give a file name such as talk.wav.");
                string? folder = System.IO.Path.GetDirectoryName(fullPath);
                if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                var stream = new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
                if (stream.CanSeek) return stream;
                stream.Dispose();
                throw new IOException($"'{fullPath}' is not a regular file (its header could not be kept up to date).");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw new AudioRecordingException(fullPath, $"Cannot record to '{fullPath}': {ex.Message}", ex);
            }
        }

        private enum RecordingSide
        {
            User,
            Model,
        }

        private readonly struct Chunk
        {
            public Chunk(RecordingSide side, byte[] pcm, int sampleRate, TimeSpan at)
            {
                Side = side;
                Pcm = pcm;
                SampleRate = sampleRate;
                At = at;
            }

            public RecordingSide Side { get; }
            public byte[] Pcm { get; }
            public int SampleRate { get; }
            public TimeSpan At { get; }
        }
    }
}
