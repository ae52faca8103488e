using System;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Session
{
    /// <summary>How a <see cref="GeminiConversation"/> keeps itself alive, and what it records.</summary>
    public sealed class ConversationOptions
    {
        /// <summary>Reconnect on goAway, on retryable closes (1000, 1006, 1011 but quota) and on stalls. False: report and end.</summary>
        public bool AutoReconnect { get; set; } = true;
        /// <summary>Give up after this many consecutive failures (protocol.md §11.7: 3).</summary>
        public int MaxConsecutiveFailures { get; set; } = 3;
        /// <summary>A connection open this long resets the failure count (protocol.md §11.7: 10 s).</summary>
        public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>A completed turn also resets the failure count (the connection demonstrably works).</summary>
        public bool ResetFailuresOnTurnComplete { get; set; } = true;
        /// <summary>First back-off delay (doubled per consecutive failure, with jitter).</summary>
        public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(500);
        public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>Seed of the jitter (tests); null = random.</summary>
        public int? JitterSeed { get; set; }
        /// <summary>
        /// A turn is stalled when no server message arrived for this long while a user turn waits for its
        /// <c>turnComplete</c> (protocol.md §11.11). Null or zero: no watchdog.
        /// </summary>
        public TimeSpan? StallTimeout { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>After goAway, switch connections at the latest this long before the announced cut.</summary>
        public TimeSpan GoAwayMargin { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>Stream the transcript to this file as JSON lines (flushed per entry). Null: memory only.</summary>
        public string? TranscriptPath { get; set; }
        /// <summary>
        /// Record both directions of the conversation into this WAV file (created or overwritten): 24 kHz stereo, left =
        /// the user as sent, right = the model as received, time-aligned (<see cref="GeminiRealtime.Audio.ConversationRecorder"/>).
        /// Kept across reconnects. Null: no recording.
        /// </summary>
        public string? RecordPath { get; set; }
        /// <summary>Tests: opens the recorder for <see cref="RecordPath"/> (a test stream, a test clock). Null: the file.</summary>
        internal Func<string, GeminiRealtime.Audio.ConversationRecorder>? OpenRecorder { get; set; }
        /// <summary>An earlier conversation to continue: seeds the first connection with its text turns.</summary>
        public GeminiTranscript? Resume { get; set; }
        /// <summary>Budget in characters for seeded history (older turns are summarised).</summary>
        public int SeedMaxCharacters { get; set; } = ConversationSeed.DefaultMaxCharacters;
        /// <summary>
        /// A supervisor model that reviews the conversation after its turns and pushes guidance into the session (where
        /// the model allows it). <see cref="GeminiConversation.ConnectAsync"/> takes it over: the conversation disposes it
        /// when it closes, or at once when connecting fails.
        /// </summary>
        public GeminiRealtime.Supervision.ModelSupervisor? Supervisor { get; set; }
        /// <summary>Server messages kept for a reader before the oldest are dropped.</summary>
        public int InboxCapacity { get; set; } = 4096;
    }
}
