using System.Collections.Generic;

namespace GeminiRealtime.Emulator
{
    /// <summary>Settings of a <see cref="GeminiEmulator"/>. Read once by <see cref="GeminiEmulator.Start"/>; later changes have no effect.</summary>
    public sealed class EmulatorOptions
    {
        /// <summary>TCP port on 127.0.0.1; 0 picks a free one (see <see cref="GeminiEmulator.Port"/>). Only loopback is ever bound.</summary>
        public int Port { get; set; }

        /// <summary>
        /// The one API key the emulator accepts (header <c>x-goog-api-key</c> or query <c>key</c>); null accepts any non-empty key.
        /// A wrong key is answered like the service does: upgrade, read the first frame, close 1007.
        /// </summary>
        public string? ApiKey { get; set; }

        /// <summary>
        /// Model ids the emulator serves (with or without <c>models/</c>). Empty = every served row of
        /// <see cref="Models.ModelCatalog"/>. Ids the catalog does not know are served with <c>gemini-3.8-live</c>'s rules.
        /// </summary>
        public IList<string> Models { get; } = new List<string>();

        /// <summary>
        /// Pacing factor. 1 = real time: audio is generated at 4× real time and <c>turnComplete</c> comes once the
        /// reply's playback time has passed (counted from its first chunk). 0 = no waits at all (tests).
        /// </summary>
        public double TimeScale { get; set; } = 1.0;

        /// <summary>Concurrent sessions allowed; 0 = unlimited. The next one is closed right after <c>setup</c> with 1011 and the quota reason.</summary>
        public int MaxConcurrentSessions { get; set; }

        /// <summary>Largest client message (all fragments joined) in bytes.</summary>
        public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

        /// <summary>Keep the last 10,000 frames, handshakes, closes and errors in <see cref="GeminiEmulator.Traffic"/>.</summary>
        public bool RecordTraffic { get; set; } = true;

        /// <summary>Connection lifetime in seconds after <c>setupComplete</c>, ended by 1011 "Deadline expired…"; 0 = unlimited. See <c>EmulatorFaults.cs</c>.</summary>
        public double LifetimeSeconds { get; set; } = 600;

        /// <summary>How long before the end of the lifetime <c>goAway {timeLeft}</c> is sent; 0 = no goAway.</summary>
        public double GoAwaySeconds { get; set; } = 50;

        /// <summary>Drop the connection (no close frame, client sees 1006) after every n-th server frame; 0 = never.</summary>
        public int DropEvery { get; set; }

        /// <summary>Close with <see cref="FailWith"/> after every n-th server frame; 0 = never.</summary>
        public int FailEvery { get; set; }

        /// <summary>The close code of <see cref="FailEvery"/> (1011 by default; 1000, 1007, 1008 also take the service's reason).</summary>
        public int FailWith { get; set; } = 1011;

        /// <summary>Leave every n-th user turn unanswered on an open socket (a stall); 0 = never.</summary>
        public int StallEvery { get; set; }

        /// <summary>How long resumption handles stay valid, in seconds (the service: 2 h).</summary>
        public double HandleLifetimeSeconds { get; set; } = 7200;

        internal EmulatorOptions Clone()
        {
            var copy = new EmulatorOptions
            {
                Port = Port,
                ApiKey = ApiKey,
                TimeScale = TimeScale,
                MaxConcurrentSessions = MaxConcurrentSessions,
                MaxMessageBytes = MaxMessageBytes,
                RecordTraffic = RecordTraffic,
                LifetimeSeconds = LifetimeSeconds,
                GoAwaySeconds = GoAwaySeconds,
                DropEvery = DropEvery,
                FailEvery = FailEvery,
                FailWith = FailWith,
                StallEvery = StallEvery,
                HandleLifetimeSeconds = HandleLifetimeSeconds,
            };
            foreach (string model in Models) copy.Models.Add(model);
            return copy;
        }
    }
}
