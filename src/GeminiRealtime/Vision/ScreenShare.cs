using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Session;

namespace GeminiRealtime.Vision
{
    /// <summary>
    /// Shares a screen, monitor, region or window with a session in the background: every <see cref="Interval"/> it
    /// captures, skips frames that did not change (<see cref="FrameChangePolicy"/>), scales and encodes the rest to
    /// JPEG and sends them as <c>realtimeInput.video</c> on the session's MEDIA lane, so control messages (text, tool
    /// responses) overtake queued frames. The loop owns a dedicated background thread (below-normal priority) and
    /// its capture backend; a tick that overruns skips the ticks it missed instead of queueing them. Stop it with
    /// <see cref="StopAsync"/> or dispose it; it also ends by itself (state <see cref="ScreenShareState.Failed"/>)
    /// when the session closes or the target disappears.
    /// </summary>
    public sealed class ScreenShare : IAsyncDisposable, IDisposable
    {
        private static int s_nextId;

        private readonly ScreenShareOptions _options;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TaskCompletionSource<bool> _started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Thread _thread;
        private long _framesCaptured;
        private long _framesSent;
        private long _framesSkipped;
        private long _ticksMissed;
        private long _bytesSent;
        private int _state = (int)ScreenShareState.Starting;

        private ScreenShare(IGeminiSession session, ScreenShareOptions options)
        {
            Session = session;
            _options = options;
            Id = Interlocked.Increment(ref s_nextId);
            Target = options.Target;
            Interval = options.Interval;
            StartedAt = DateTimeOffset.Now;
            _thread = new Thread(Run)
            {
                IsBackground = true,
                Name = "GeminiScreenShare " + Id,
                Priority = ThreadPriority.BelowNormal,
            };
        }

        public int Id { get; }

        public IGeminiSession Session { get; }

        public int SessionId => Session.Id;

        public ScreenCaptureTarget Target { get; }

        public TimeSpan Interval { get; }

        /// <summary>The backend and what it captures, e.g. <c>X11 :99 screen 1280x720</c>.</summary>
        public string Description { get; private set; } = string.Empty;

        public ScreenShareState State => (ScreenShareState)Volatile.Read(ref _state);

        public DateTimeOffset StartedAt { get; }

        public DateTimeOffset? StoppedAt { get; private set; }

        public long FramesCaptured => Interlocked.Read(ref _framesCaptured);

        public long FramesSent => Interlocked.Read(ref _framesSent);

        /// <summary>Frames captured but not sent because they did not change (or changed only a little, recently).</summary>
        public long FramesSkipped => Interlocked.Read(ref _framesSkipped);

        /// <summary>Ticks not captured because capturing, encoding or sending took longer than the interval.</summary>
        public long TicksMissed => Interlocked.Read(ref _ticksMissed);

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        /// <summary>Width × height of the last frame sent (after scaling).</summary>
        public string? LastFrameSize { get; private set; }

        public DateTimeOffset? LastSentAt { get; private set; }

        /// <summary>Why the share ended by itself (state <see cref="ScreenShareState.Failed"/>).</summary>
        public Exception? Error { get; private set; }

        /// <summary>A task that completes when the capture thread has ended (stopped or failed).</summary>
        public Task WhenEnded() => _finished.Task;

        /// <summary>
        /// Starts sharing: opens the backend on the capture thread, captures and sends the first frame, and returns
        /// once it is on the wire.
        /// </summary>
        /// <exception cref="ScreenCaptureException">No capture backend here, or the target does not exist.</exception>
        public static async Task<ScreenShare> StartAsync(IGeminiSession session, ScreenShareOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (session == null) throw new ArgumentNullException(nameof(session));
            var share = new ScreenShare(session, options ?? new ScreenShareOptions());
            share._thread.Start();
            try
            {
                using (cancellationToken.Register(() => share._stop.Cancel()))
                {
                    await share._started.Task.ConfigureAwait(false);
                }
                return share;
            }
            catch
            {
                await share.StopAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>Stops capturing and waits for the capture thread to end. Safe to call more than once.</summary>
        public async Task StopAsync()
        {
            if (!_stop.IsCancellationRequested) _stop.Cancel();
            await _finished.Task.ConfigureAwait(false);
            // The thread set the task as its last act; joining makes "stopped" mean "no thread left".
            if (_thread.IsAlive && Thread.CurrentThread != _thread) _thread.Join(TimeSpan.FromSeconds(5));
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync().ConfigureAwait(false);
            _stop.Dispose();
        }

        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        public override string ToString() => $"Screen share {Id} of session {SessionId} ({State}, {FramesSent} sent, {FramesSkipped} skipped)";

        private void Run()
        {
            CancellationToken token = _stop.Token;
            try
            {
                Func<ScreenCaptureTarget, IScreenCapture> open = _options.CaptureFactory ?? ScreenCapture.Open;
                using IScreenCapture capture = open(_options.Target);
                Description = capture.Description;
                var policy = new FrameChangePolicy { SmallChangeInterval = _options.SmallChangeInterval };
                var clock = Stopwatch.StartNew();
                TimeSpan due = TimeSpan.Zero;
                while (!token.IsCancellationRequested)
                {
                    Tick(capture, policy, clock, token);
                    if (_started.TrySetResult(true)) Volatile.Write(ref _state, (int)ScreenShareState.Running);

                    due += Interval;
                    TimeSpan now = clock.Elapsed;
                    if (now > due)
                    {
                        // Overran: skip the missed ticks rather than queue frames (notes/vision.md §10.11).
                        long missed = (now - due).Ticks / Interval.Ticks + 1;
                        Interlocked.Add(ref _ticksMissed, missed);
                        due += TimeSpan.FromTicks(Interval.Ticks * missed);
                    }
                    token.WaitHandle.WaitOne(due - clock.Elapsed < TimeSpan.Zero ? TimeSpan.Zero : due - clock.Elapsed);
                }
                Volatile.Write(ref _state, (int)ScreenShareState.Stopped);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                Volatile.Write(ref _state, (int)ScreenShareState.Stopped);
            }
            catch (Exception ex)
            {
                // This thread is ours: an exception escaping it would end the process. It is kept, not swallowed:
                // State/Error report it, and a start that had not finished yet rethrows it.
                Error = ex;
                Volatile.Write(ref _state, (int)ScreenShareState.Failed);
                _started.TrySetException(ex);
            }
            finally
            {
                StoppedAt = DateTimeOffset.Now;
                _started.TrySetCanceled();
                _finished.TrySetResult(true);
            }
        }

        private void Tick(IScreenCapture capture, FrameChangePolicy policy, Stopwatch clock, CancellationToken token)
        {
            ScreenFrame frame = capture.Capture();
            Interlocked.Increment(ref _framesCaptured);
            if (!policy.ShouldSend(frame, clock.Elapsed))
            {
                Interlocked.Increment(ref _framesSkipped);
                return;
            }
            EncodedImage image = ImageEncoder.EncodeFrame(frame, _options.Encoder);
            Session.SendImageAsync(image, token).GetAwaiter().GetResult();
            Interlocked.Increment(ref _framesSent);
            Interlocked.Add(ref _bytesSent, image.Length);
            LastFrameSize = image.Width + "x" + image.Height;
            LastSentAt = DateTimeOffset.Now;
        }
    }
}
