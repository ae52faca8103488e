using System;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Voice
{
    /// <summary>One model turn of a voice conversation, with what was measured on this machine.</summary>
    public sealed class VoiceTurn
    {
        internal VoiceTurn(int index, DateTimeOffset startedAt)
        {
            Index = index;
            StartedAt = startedAt;
        }

        public int Index { get; }
        /// <summary>When the first message of the turn arrived.</summary>
        public DateTimeOffset StartedAt { get; }
        public DateTimeOffset? EndedAt { get; internal set; }
        public TimeSpan? Duration => EndedAt - StartedAt;
        public string InputTranscript { get; internal set; } = string.Empty;
        public string OutputTranscript { get; internal set; } = string.Empty;
        public bool Interrupted { get; internal set; }
        public bool Complete { get; internal set; }
        /// <summary>Reply audio received (24 kHz).</summary>
        public TimeSpan AudioReceived { get; internal set; }
        public UsageMetadata? Usage { get; internal set; }
        public int TotalTokens => Usage?.TotalTokenCount ?? 0;
        public int ToolCalls { get; internal set; }
        /// <summary>From the last voiced mic frame before the reply to the first reply frame handed to the device.</summary>
        public TimeSpan? TimeToFirstAudio { get; internal set; }
        /// <summary>When <c>interrupted</c> arrived for this turn.</summary>
        public DateTimeOffset? InterruptedAt { get; internal set; }
        /// <summary>From <c>interrupted</c> arriving to the device flush having returned (the device then holds nothing).</summary>
        public TimeSpan? BargeInStopLatency { get; internal set; }

        public override string ToString() => $"#{Index}{(Interrupted ? " (interrupted)" : string.Empty)}: {InputTranscript} -> {OutputTranscript}";
    }
}
