using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Audio;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// Folds the server messages of one turn into a <see cref="GeminiReply"/>. Handles every field of every message
    /// (3.x puts audio, transcription and <c>turnComplete</c> in one message) and never blocks on transcriptions,
    /// which arrive unordered.
    /// </summary>
    public sealed class TurnAssembler
    {
        private readonly StringBuilder _parts = new StringBuilder();
        private readonly StringBuilder _output = new StringBuilder();
        private readonly StringBuilder _input = new StringBuilder();
        private readonly MemoryStream _audio = new MemoryStream();
        private readonly bool _textPartsAreAnswer;

        /// <param name="sessionId">The session's id, for the reply object.</param>
        /// <param name="model">The model id, for the reply object.</param>
        /// <param name="textPartsAreAnswer">True in TEXT modality; in AUDIO modality text parts are reasoning and the answer is the output transcription.</param>
        /// <param name="prompt">The user text of the turn, or null when it is not known (audio, a turn sent earlier).</param>
        /// <param name="startedAt">When the turn started: the reply's first-response latency and duration are measured from it.</param>
        public TurnAssembler(string sessionId, string model, bool textPartsAreAnswer, string? prompt, DateTimeOffset startedAt)
        {
            SessionId = sessionId;
            Model = model;
            _textPartsAreAnswer = textPartsAreAnswer;
            Prompt = prompt;
            StartedAt = startedAt;
        }

        public string SessionId { get; }
        public string Model { get; }
        public string? Prompt { get; }
        public DateTimeOffset StartedAt { get; }
        public DateTimeOffset? FirstResponseAt { get; private set; }
        public DateTimeOffset CompletedAt { get; private set; }
        public bool Interrupted { get; private set; }
        public bool GenerationComplete { get; private set; }
        public bool IsComplete { get; private set; }
        public string? TurnCompleteReason { get; private set; }
        public UsageMetadata? Usage { get; private set; }
        public GroundingMetadata? Grounding { get; private set; }
        public List<ToolCallRecord> ToolCalls { get; } = new List<ToolCallRecord>();
        public List<ExecutableCode> ExecutableCode { get; } = new List<ExecutableCode>();
        public int MessageCount { get; private set; }
        public PcmFormat AudioFormat { get; private set; } = PcmFormat.Output24k;

        /// <summary>The answer so far (see <see cref="GeminiReply.Text"/>).</summary>
        public string AnswerText => _textPartsAreAnswer ? _parts.ToString() : _output.ToString();

        public string? ReasoningText => _textPartsAreAnswer || _parts.Length == 0 ? null : _parts.ToString();
        public string? InputTranscript => _input.Length == 0 ? null : _input.ToString();

        /// <summary>Adds one message; returns the text delta of the answer it carried (for streaming), or null.</summary>
        public string? Add(ServerMessage message)
        {
            MessageCount++;
            string? delta = null;
            if (message.LocalSignal == LocalSignals.TurnRestarted)
            {
                // The conversation re-sent this turn on a new connection: the answer starts over.
                _parts.Clear();
                _output.Clear();
                _audio.SetLength(0);
                ToolCalls.Clear();
                GenerationComplete = false;
                return null;
            }
            if (message.UsageMetadata != null) Usage = message.UsageMetadata;
            ServerContent? content = message.ServerContent;
            if (content != null)
            {
                if (content.ModelTurn?.Parts != null)
                {
                    foreach (Part part in content.ModelTurn.Parts)
                    {
                        if (part.Thought == true) continue; // thought summaries are never shown
                        if (part.Text != null)
                        {
                            MarkFirstResponse(message);
                            _parts.Append(part.Text);
                            if (_textPartsAreAnswer) delta = Concat(delta, part.Text);
                        }
                        if (part.InlineData?.Data != null && IsAudio(part.InlineData.MimeType))
                        {
                            MarkFirstResponse(message);
                            AudioFormat = PcmFormat.FromMimeType(part.InlineData.MimeType, 24000);
                            ReadOnlyMemory<byte> pcm = part.InlineData.Data.Memory;
                            _audio.Write(pcm.ToArray(), 0, pcm.Length);
                        }
                        if (part.ExecutableCode != null) ExecutableCode.Add(part.ExecutableCode);
                    }
                }
                if (content.OutputTranscription?.Text != null)
                {
                    MarkFirstResponse(message);
                    _output.Append(content.OutputTranscription.Text);
                    if (!_textPartsAreAnswer) delta = Concat(delta, content.OutputTranscription.Text);
                }
                if (content.InputTranscription?.Text != null) _input.Append(content.InputTranscription.Text);
                if (content.GroundingMetadata != null) Grounding = content.GroundingMetadata;
                if (content.GenerationComplete == true) GenerationComplete = true;
                if (content.Interrupted == true) Interrupted = true;
                if (content.TurnCompleteReason != null) TurnCompleteReason = content.TurnCompleteReason;
                if (content.TurnComplete == true)
                {
                    IsComplete = true;
                    CompletedAt = message.ReceivedAt == default ? DateTimeOffset.Now : message.ReceivedAt;
                }
            }
            if (message.ToolCall?.FunctionCalls != null)
            {
                MarkFirstResponse(message);
                foreach (FunctionCall call in message.ToolCall.FunctionCalls)
                {
                    string args = call.Args.HasValue ? call.Args.Value.GetRawText() : "{}";
                    ToolCalls.Add(new ToolCallRecord(call.Id, call.Name ?? string.Empty, args));
                }
            }
            if (message.ToolCallCancellation?.Ids != null)
            {
                foreach (string id in message.ToolCallCancellation.Ids)
                {
                    foreach (ToolCallRecord record in ToolCalls)
                    {
                        if (record.Id != id) continue;
                        record.Cancelled = true;
                        record.Outcome = ToolCallOutcome.Cancelled;
                    }
                }
            }
            return delta;
        }

        /// <summary>Marks the turn complete without a <c>turnComplete</c> (the connection ended).</summary>
        public void Abandon(DateTimeOffset at)
        {
            if (!IsComplete) CompletedAt = at;
        }

        public GeminiReply ToReply() => new GeminiReply(this, _audio.ToArray());

        private void MarkFirstResponse(ServerMessage message)
        {
            if (!FirstResponseAt.HasValue) FirstResponseAt = message.ReceivedAt == default ? DateTimeOffset.Now : message.ReceivedAt;
        }

        private static bool IsAudio(string? mimeType) => mimeType != null && mimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase);

        private static string Concat(string? a, string b) => a == null ? b : a + b;
    }
}
