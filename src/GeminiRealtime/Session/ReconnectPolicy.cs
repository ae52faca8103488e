using System;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// When to try again after a failed connection (protocol.md §11.7): exponential back-off with jitter, at most
    /// <see cref="MaxConsecutiveFailures"/> failures in a row, the count reset once a connection has been stable for
    /// <see cref="StableAfter"/> or (optionally) has completed a turn. Not thread-safe: one owner (the conversation's pump).
    /// </summary>
    public sealed class ReconnectPolicy
    {
        private readonly Random _random;
        private DateTimeOffset? _connectedAt;

        public ReconnectPolicy(int maxConsecutiveFailures = 3, TimeSpan? stableAfter = null, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, int? seed = null)
        {
            if (maxConsecutiveFailures < 1) throw new ArgumentOutOfRangeException(nameof(maxConsecutiveFailures), "At least one failure must be allowed.");
            MaxConsecutiveFailures = maxConsecutiveFailures;
            StableAfter = stableAfter ?? TimeSpan.FromSeconds(10);
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(500);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(10);
            _random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

        public int MaxConsecutiveFailures { get; }
        public TimeSpan StableAfter { get; }
        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }
        public int ConsecutiveFailures { get; private set; }

        /// <summary>A connection is open (setupComplete received) at <paramref name="at"/>.</summary>
        public void Connected(DateTimeOffset at) => _connectedAt = at;

        /// <summary>The current connection completed a turn: it works, so earlier failures no longer count.</summary>
        public void Progress() => ConsecutiveFailures = 0;

        /// <summary>
        /// Records a failure (the connection died, or an attempt failed) at <paramref name="now"/>. Returns false when
        /// this is failure number <see cref="MaxConsecutiveFailures"/> in a row: give up. Otherwise
        /// <paramref name="delay"/> is how long to wait before the next attempt: BaseDelay × 2^(n−1), capped at
        /// MaxDelay, scaled by a random factor in [0.5, 1) ("equal jitter").
        /// </summary>
        public bool TryRecordFailure(DateTimeOffset now, out TimeSpan delay)
        {
            if (_connectedAt.HasValue && now - _connectedAt.Value >= StableAfter) ConsecutiveFailures = 0;
            _connectedAt = null;
            ConsecutiveFailures++;
            if (ConsecutiveFailures >= MaxConsecutiveFailures)
            {
                delay = TimeSpan.Zero;
                return false;
            }
            double exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, ConsecutiveFailures - 1);
            double capped = Math.Min(MaxDelay.TotalMilliseconds, exponential);
            delay = TimeSpan.FromMilliseconds(capped * (0.5 + _random.NextDouble() * 0.5));
            return true;
        }
    }
}
