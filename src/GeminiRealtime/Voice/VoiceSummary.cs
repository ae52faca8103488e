using System;
using System.Collections.Generic;

namespace GeminiRealtime.Voice
{
    /// <summary>What Start-GeminiVoice returns when it ends.</summary>
    public sealed class VoiceSummary
    {
        public int SessionId { get; internal set; }
        public string Model { get; internal set; } = string.Empty;
        public DateTimeOffset StartedAt { get; internal set; }
        public TimeSpan Duration { get; internal set; }
        /// <summary>Why it ended: Stopped (Ctrl+C), Duration, StopPhrase, InputEnded, SessionEnded, Error.</summary>
        public string StopReason { get; internal set; } = string.Empty;
        public IReadOnlyList<VoiceTurn> Turns { get; internal set; } = Array.Empty<VoiceTurn>();
        public int TurnCount => Turns.Count;
        public int InterruptedTurns { get; internal set; }
        public int TotalTokens { get; internal set; }
        public string InputDevice { get; internal set; } = string.Empty;
        public string OutputDevice { get; internal set; } = string.Empty;
        public ActivityMode Activity { get; internal set; }
        public EchoMode Echo { get; internal set; }
        /// <summary>Mic audio sent (16 kHz).</summary>
        public TimeSpan AudioSent { get; internal set; }
        /// <summary>Model audio handed to the device (24 kHz).</summary>
        public TimeSpan AudioPlayed { get; internal set; }
        public long ChunksSent { get; internal set; }
        public long ChunksDropped { get; internal set; }
        public int PlaybackUnderruns { get; internal set; }
        public TimeSpan? MeanTimeToFirstAudio { get; internal set; }
        public TimeSpan? MaxBargeInStopLatency { get; internal set; }
        /// <summary>The WAV file recording both directions (Start-GeminiVoice -RecordPath, or the session's own), or null.</summary>
        public string? RecordPath { get; internal set; }
        /// <summary>The error that ended the conversation, if any.</summary>
        public Exception? Error { get; internal set; }
    }
}
