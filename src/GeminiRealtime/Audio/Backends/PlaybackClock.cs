using System;
using System.Diagnostics;
using System.Threading;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// Paces writers that have no blocking device buffer (child-process pipes, files, null): tracks where the virtual
    /// playhead will be once everything written so far has played, and makes a writer wait (a timed wait, woken early
    /// by <see cref="Cancel"/>) while more than the buffer is ahead.
    /// </summary>
    internal sealed class PlaybackClock : IDisposable
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ManualResetEventSlim _cancelled = new ManualResetEventSlim(false);
        private readonly TimeSpan _ahead;
        private TimeSpan _queuedUntil;

        public PlaybackClock(TimeSpan ahead) => _ahead = ahead;

        /// <summary>Audio written but not yet "played".</summary>
        public TimeSpan Pending => _queuedUntil > _clock.Elapsed ? _queuedUntil - _clock.Elapsed : TimeSpan.Zero;

        /// <summary>Accounts for <paramref name="duration"/> more audio; waits first while the buffer is full.</summary>
        public void Add(TimeSpan duration)
        {
            TimeSpan now = _clock.Elapsed;
            if (_queuedUntil < now) _queuedUntil = now;
            TimeSpan wait = _queuedUntil - now - _ahead;
            if (wait > TimeSpan.Zero) _cancelled.Wait(wait);
            _queuedUntil += duration;
        }

        /// <summary>Everything pending is dropped (flush).</summary>
        public void Reset() => _queuedUntil = _clock.Elapsed;

        public void Cancel() => _cancelled.Set();

        public void Dispose()
        {
            _cancelled.Set();
            _cancelled.Dispose();
        }
    }
}
