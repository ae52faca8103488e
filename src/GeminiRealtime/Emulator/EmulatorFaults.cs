using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    // ============================================================================================================
    // FAULT INJECTION (EmulatorOptions; Start-GeminiEmulator -LifetimeSeconds -GoAwaySeconds -DropEvery -FailEvery
    // -FailWith -StallEvery -HandleLifetimeSeconds). Counters are per emulator, across its connections.
    //   * Lifetime: LifetimeSeconds after setupComplete a connection ends with 1011 "Deadline expired before operation
    //     could complete."; GoAwaySeconds before that (clamped to the lifetime) it sends goAway {timeLeft: "<n>s"}
    //     (protocol.md §3.4). 0 = no limit. Default 600 s / 50 s, as the service.
    //   * DropEvery n: after every n-th server frame following setupComplete (setupComplete and goAway not counted) the
    //     connection is dropped without a close frame (the client sees 1006).
    //   * FailEvery n: after every n-th such frame the session closes with FailWith (default 1011) and the service's
    //     reason for that code (1011 "Internal error encountered.", 1007 "Request contains an invalid argument.",
    //     1008 "BidiGenerateContent session not found", 1000 "The operation was cancelled.").
    //   * StallEvery n: every n-th user turn (text) is never answered: no content, no turnComplete, on an open socket
    //     (a barge-in or the end of the connection ends the wait).
    //   * HandleLifetimeSeconds: resumption handles expire this long after issue (or after their session ended);
    //     an expired handle gets 1008 "BidiGenerateContent session not found". Default 7200 (2 h).
    // ============================================================================================================

    /// <summary>The fault counters of one emulator (see the block above).</summary>
    internal sealed class EmulatorFaults
    {
        private long _frames;
        private long _userTurns;

        public EmulatorFaults(EmulatorOptions settings) => Settings = settings;

        public EmulatorOptions Settings { get; }

        public long Drops;
        public long Failures;
        public long Stalls;
        public long GoAways;

        /// <summary>What to do after one counted frame: nothing, drop, or close with a code.</summary>
        public int? AfterFrame(out bool drop)
        {
            drop = false;
            long n = Interlocked.Increment(ref _frames);
            if (Settings.DropEvery > 0 && n % Settings.DropEvery == 0)
            {
                Interlocked.Increment(ref Drops);
                drop = true;
                return null;
            }
            if (Settings.FailEvery > 0 && n % Settings.FailEvery == 0)
            {
                Interlocked.Increment(ref Failures);
                return Settings.FailWith;
            }
            return null;
        }

        /// <summary>Whether the next user turn goes unanswered.</summary>
        public bool ShouldStallTurn()
        {
            long n = Interlocked.Increment(ref _userTurns);
            if (Settings.StallEvery <= 0 || n % Settings.StallEvery != 0) return false;
            Interlocked.Increment(ref Stalls);
            return true;
        }

        public static string ReasonFor(int code) => code switch
        {
            CloseCodes.InvalidArgument => ServiceReasons.InvalidArgument,
            CloseCodes.PolicyViolation => ServiceReasons.SessionNotFound,
            CloseCodes.NormalClosure => ServiceReasons.Cancelled,
            _ => ServiceReasons.Internal,
        };

        /// <summary>The connection's lifetime: goAway, then 1011 deadline. Ends early when the session ends.</summary>
        public async Task RunLifetimeAsync(EmulatorSession session, CancellationToken ending)
        {
            double lifetime = Settings.LifetimeSeconds;
            if (lifetime <= 0) return;
            double notice = Math.Min(Math.Max(0, Settings.GoAwaySeconds), lifetime);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(lifetime - notice), ending).ConfigureAwait(false);
                if (notice > 0)
                {
                    string left = Math.Round(notice, 3).ToString("0.###", CultureInfo.InvariantCulture) + "s";
                    Interlocked.Increment(ref GoAways);
                    await session.SendOutOfBandAsync(new ServerMessage { GoAway = new GoAway { TimeLeft = left } }).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromSeconds(notice), ending).ConfigureAwait(false);
                }
                session.RequestClose(CloseCodes.InternalError, ServiceReasons.DeadlineExpired);
            }
            catch (OperationCanceledException) when (ending.IsCancellationRequested)
            {
                // The session ended first.
            }
        }
    }
}
