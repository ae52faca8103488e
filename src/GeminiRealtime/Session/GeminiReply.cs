using System;
using System.Collections.Generic;
using GeminiRealtime.Audio;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Session
{
    /// <summary>One model turn, assembled from every server message between the user's input and <c>turnComplete</c>.</summary>
    public sealed class GeminiReply
    {
        private readonly byte[] _audio;

        internal GeminiReply(TurnAssembler turn, byte[] audio)
        {
            SessionId = turn.SessionId;
            Model = turn.Model;
            Prompt = turn.Prompt;
            Text = turn.AnswerText;
            Reasoning = turn.ReasoningText;
            InputTranscript = turn.InputTranscript;
            Interrupted = turn.Interrupted;
            GenerationComplete = turn.GenerationComplete;
            TurnCompleteReason = turn.TurnCompleteReason;
            Usage = turn.Usage;
            Grounding = turn.Grounding;
            ToolCalls = turn.ToolCalls.ToArray();
            ExecutableCode = turn.ExecutableCode.ToArray();
            StartedAt = turn.StartedAt;
            FirstResponseLatency = turn.FirstResponseAt.HasValue ? turn.FirstResponseAt.Value - turn.StartedAt : (TimeSpan?)null;
            Duration = turn.CompletedAt - turn.StartedAt;
            MessageCount = turn.MessageCount;
            AudioFormat = turn.AudioFormat;
            _audio = audio;
        }

        public string SessionId { get; }
        public string Model { get; }
        /// <summary>What the user sent for this turn (text turns).</summary>
        public string? Prompt { get; }
        /// <summary>The answer: text parts on TEXT models, the output transcription on audio models. Thoughts are never included.</summary>
        public string Text { get; }
        /// <summary>Text parts of audio models (their reasoning), thoughts excluded.</summary>
        public string? Reasoning { get; }
        /// <summary>The input transcription, when it was asked for.</summary>
        public string? InputTranscript { get; }
        /// <summary>The user cut the turn off (barge-in); <see cref="Text"/> holds what was produced until then.</summary>
        public bool Interrupted { get; }
        public bool GenerationComplete { get; }
        public string? TurnCompleteReason { get; }
        public UsageMetadata? Usage { get; }
        public GroundingMetadata? Grounding { get; }
        public IReadOnlyList<ToolCallRecord> ToolCalls { get; }
        public IReadOnlyList<ExecutableCode> ExecutableCode { get; }
        public DateTimeOffset StartedAt { get; }
        /// <summary>From sending the input to the first content of the reply.</summary>
        public TimeSpan? FirstResponseLatency { get; }
        public TimeSpan Duration { get; }
        public int MessageCount { get; }

        /// <summary>The reply audio (s16le mono PCM in <see cref="AudioFormat"/>); empty for text replies.</summary>
        public byte[] GetAudio() => (byte[])_audio.Clone();

        public int AudioBytes => _audio.Length;
        public PcmFormat AudioFormat { get; }
        public TimeSpan AudioDuration => AudioFormat.DurationOf(_audio.Length);
        public bool HasAudio => _audio.Length > 0;

        public int TotalTokens => Usage?.TotalTokenCount ?? 0;

        /// <summary>Writes the reply audio as a PCM WAV file.</summary>
        public void SaveAudio(string path)
        {
            if (_audio.Length == 0) throw new InvalidOperationException("This reply has no audio (the session used TEXT modality, or the turn produced none).");
            WavFile.Write(path, _audio, AudioFormat);
        }

        public override string ToString() => Text;
    }

    /// <summary>A function call the model made during a turn, and what was answered.</summary>
    public sealed class ToolCallRecord
    {
        public ToolCallRecord(string? id, string name, string argumentsJson)
        {
            Id = id;
            Name = name;
            ArgumentsJson = argumentsJson;
        }

        public string? Id { get; }
        public string Name { get; }
        public string ArgumentsJson { get; }
        public string? ResponseJson { get; set; }
        public bool Cancelled { get; set; }
        public bool Failed { get; set; }
        public TimeSpan? Elapsed { get; set; }
        /// <summary>How the call ended: Completed, Failed, TimedOut, Declined, UnknownTool, Cancelled, NoWaiter, Stopped.</summary>
        public ToolCallOutcome Outcome { get; set; } = ToolCallOutcome.Pending;
        /// <summary>The error text sent to the model (or why nothing was sent), when the call did not complete.</summary>
        public string? Error { get; set; }

        public override string ToString() => $"{Name}({ArgumentsJson})";
    }
}
