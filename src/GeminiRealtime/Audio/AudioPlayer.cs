using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Audio
{
    /// <summary>
    /// The playback owner: a jitter buffer in front of one <see cref="IAudioOutput"/>, played by one background thread
    /// (the only thread that touches the device). It starts once <c>prebuffer</c> is queued (or the stream is marked
    /// complete), writes 20 ms frames, and after an underrun waits for the prebuffer again rather than stutter.
    /// <see cref="FlushAsync"/> (barge-in) empties the queue at once; the thread then flushes the device, so output is
    /// silent within one device buffer. Owns and disposes the output.
    /// </summary>
    public sealed class AudioPlayer : IDisposable
    {
        private readonly IAudioOutput _output;
        private readonly int _prebufferBytes;
        private readonly int _frameBytes;
        private readonly Queue<byte[]> _queue = new Queue<byte[]>();
        private readonly object _gate = new object();
        private readonly Thread _thread;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<TaskCompletionSource<TimeSpan>> _flushWaiters = new List<TaskCompletionSource<TimeSpan>>();
        private byte[]? _head;
        private int _headOffset;
        private int _queuedBytes;
        private bool _playing;
        private bool _endOfStream;
        private bool _disposed;
        private long _flushRequestedTicks;
        private long _activeUntilTicks;

        public AudioPlayer(IAudioOutput output, TimeSpan prebuffer)
        {
            _output = output ?? throw new ArgumentNullException(nameof(output));
            _prebufferBytes = (int)(prebuffer.TotalSeconds * PcmFormat.Output24k.BytesPerSecond) / 2 * 2;
            _frameBytes = PcmFormat.Output24k.BytesPerSecond / 50; // 20 ms
            _thread = new Thread(Run) { IsBackground = true, Name = "GeminiRealtime playback" };
            _thread.Start();
        }

        /// <summary>Raised on the playback thread when audio starts after silence (first frame handed to the device).</summary>
        public event Action<DateTimeOffset>? Started;

        /// <summary>Raised on the playback thread if the device fails; playback stops.</summary>
        public event Action<Exception>? Failed;

        public string Description => _output.Description;
        public TimeSpan DeviceBuffer => _output.BufferSize;
        public long PlayedBytes { get; private set; }
        public int Underruns { get; private set; }
        public Exception? Failure { get; private set; }

        /// <summary>Audio waiting in the jitter buffer.</summary>
        public TimeSpan Queued
        {
            get
            {
                lock (_gate) return PcmFormat.Output24k.DurationOf(_queuedBytes);
            }
        }

        /// <summary>True while audio is queued or still playing in the device (half-duplex gates the mic on it).</summary>
        public bool IsActive
        {
            get
            {
                lock (_gate)
                {
                    if (_queuedBytes > 0) return true;
                }
                return _clock.Elapsed.Ticks < Interlocked.Read(ref _activeUntilTicks);
            }
        }

        /// <summary>Queues model audio (24 kHz s16le mono). Any thread; never blocks on the device.</summary>
        public void Enqueue(ReadOnlySpan<byte> pcm)
        {
            if (pcm.Length == 0) return;
            byte[] copy = pcm.ToArray();
            lock (_gate)
            {
                if (_disposed) return;
                _queue.Enqueue(copy);
                _queuedBytes += copy.Length;
                _endOfStream = false;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>No more audio for now (turn or generation complete): play the tail even if shorter than the prebuffer.</summary>
        public void MarkEndOfStream()
        {
            lock (_gate)
            {
                _endOfStream = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>
        /// Barge-in: drops queued audio now and has the playback thread flush the device. The task completes with the
        /// time from this call until the device flush returned.
        /// </summary>
        public Task<TimeSpan> FlushAsync()
        {
            var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_disposed)
                {
                    done.TrySetResult(TimeSpan.Zero);
                    return done.Task;
                }
                _queue.Clear();
                _head = null;
                _queuedBytes = 0;
                _playing = false;
                if (_flushWaiters.Count == 0) _flushRequestedTicks = _clock.Elapsed.Ticks;
                _flushWaiters.Add(done);
                Monitor.PulseAll(_gate);
            }
            return done.Task;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                Monitor.PulseAll(_gate);
            }
            // The thread leaves after at most one device write (one frame).
            _thread.Join();
            _output.Dispose();
            foreach (TaskCompletionSource<TimeSpan> waiter in _flushWaiters) waiter.TrySetResult(TimeSpan.Zero);
        }

        private void Run()
        {
            var frame = new byte[_frameBytes];
            try
            {
                while (true)
                {
                    int count = 0;
                    bool flush = false;
                    bool started = false;
                    lock (_gate)
                    {
                        while (true)
                        {
                            if (_disposed) return;
                            if (_flushWaiters.Count > 0)
                            {
                                flush = true;
                                break;
                            }
                            if (_queuedBytes > 0 && (_playing || _queuedBytes >= _prebufferBytes || _endOfStream))
                            {
                                started = !_playing;
                                _playing = true;
                                count = Take(frame);
                                break;
                            }
                            if (_playing && _queuedBytes == 0)
                            {
                                _playing = false;
                                if (!_endOfStream) Underruns++;
                            }
                            Monitor.Wait(_gate);
                        }
                    }

                    if (flush)
                    {
                        _output.Flush();
                        Interlocked.Exchange(ref _activeUntilTicks, 0);
                        List<TaskCompletionSource<TimeSpan>> waiters;
                        TimeSpan took;
                        lock (_gate)
                        {
                            waiters = new List<TaskCompletionSource<TimeSpan>>(_flushWaiters);
                            _flushWaiters.Clear();
                            took = TimeSpan.FromTicks(_clock.Elapsed.Ticks - _flushRequestedTicks);
                        }
                        foreach (TaskCompletionSource<TimeSpan> waiter in waiters) waiter.TrySetResult(took);
                        continue;
                    }

                    if (started) Started?.Invoke(DateTimeOffset.Now);
                    _output.Write(frame, 0, count);
                    PlayedBytes += count;
                    // After the write returns, at most one device buffer is still to be heard.
                    Interlocked.Exchange(ref _activeUntilTicks, (_clock.Elapsed + _output.BufferSize).Ticks);
                }
            }
            catch (Exception ex)
            {
                Failure = ex;
                lock (_gate)
                {
                    foreach (TaskCompletionSource<TimeSpan> waiter in _flushWaiters) waiter.TrySetException(ex);
                    _flushWaiters.Clear();
                }
                Failed?.Invoke(ex);
            }
        }

        // Under the lock: fills one frame from the queue (shorter at the very end of the queued audio).
        private int Take(byte[] frame)
        {
            int filled = 0;
            while (filled < frame.Length)
            {
                if (_head == null || _headOffset >= _head.Length)
                {
                    if (_queue.Count == 0) break;
                    _head = _queue.Dequeue();
                    _headOffset = 0;
                }
                int n = Math.Min(frame.Length - filled, _head.Length - _headOffset);
                Buffer.BlockCopy(_head, _headOffset, frame, filled, n);
                _headOffset += n;
                filled += n;
            }
            _queuedBytes -= filled;
            return filled;
        }
    }
}
