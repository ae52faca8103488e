using System;
using System.Globalization;

namespace GeminiRealtime.Transcripts
{
    /// <summary>One entry of a conversation's transcript. Immutable once added; never holds a credential.</summary>
    public sealed class TranscriptEntry
    {
        public TranscriptEntry(TranscriptRole role, TranscriptEntryKind kind, string? text, DateTimeOffset time)
        {
            Role = role;
            Kind = kind;
            Text = text ?? string.Empty;
            Time = time;
        }

        /// <summary>1, 2, 3… in the order entries were added to their transcript.</summary>
        public long Sequence { get; set; }
        public DateTimeOffset Time { get; }
        public TranscriptRole Role { get; }
        public TranscriptEntryKind Kind { get; }
        /// <summary>The text; for tool entries a short description; for events what happened.</summary>
        public string Text { get; }
        /// <summary>Where the text came from: <c>realtimeInput.text</c>, <c>clientContent</c>, <c>outputTranscription</c>, <c>inputTranscription</c>, <c>modelTurn.text</c>, <c>resume</c>…</summary>
        public string? Source { get; set; }
        /// <summary>The id of the connection (<c>GeminiSession.Id</c>) the entry happened on.</summary>
        public int? ConnectionId { get; set; }
        /// <summary>Function name (tool entries).</summary>
        public string? Name { get; set; }
        /// <summary>Function call id (tool entries).</summary>
        public string? CallId { get; set; }
        /// <summary>Arguments (ToolCall) or response (ToolResult) as compact JSON.</summary>
        public string? Json { get; set; }
        /// <summary>For model text: the turn ended with <c>interrupted</c>.</summary>
        public bool Interrupted { get; set; }
        public int? PromptTokens { get; set; }
        public int? ResponseTokens { get; set; }
        public int? TotalTokens { get; set; }

        public override string ToString()
        {
            string who = Role.ToString().ToLowerInvariant();
            string time = Time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            return Kind switch
            {
                TranscriptEntryKind.ToolCall => $"[{time}] {who}: call {Name}({Json})",
                TranscriptEntryKind.ToolResult => $"[{time}] {who}: {Name} returned {Json}",
                TranscriptEntryKind.Text => $"[{time}] {who}: {Text}{(Interrupted ? " (interrupted)" : string.Empty)}",
                _ => $"[{time}] {who} {Kind}: {Text}",
            };
        }
    }
}
