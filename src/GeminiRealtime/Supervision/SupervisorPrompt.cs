using System;
using System.Collections.Generic;
using System.Text;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Supervision
{
    /// <summary>
    /// What the supervisor model is told: a system instruction, the live conversation as plain lines
    /// (<c>User:</c>, <c>Model:</c>, <c>Tool call:</c>, <c>Tool result:</c>, <c>Supervisor guidance:</c>; newest last,
    /// the oldest left out past a budget), then a <c>Question:</c> (ask) or the review task.
    /// </summary>
    public static class SupervisorPrompt
    {
        /// <summary>The budget of transcript text a prompt carries (the newest lines are kept).</summary>
        public const int DefaultMaxTranscriptCharacters = 60000;

        /// <summary>The answer of a review that has no guidance to give.</summary>
        public const string NoGuidance = "NONE";

        public const string SystemInstruction =
            "You supervise a realtime voice assistant (the live model) that is talking with a user. You read the transcript of their conversation. "
            + "The live model is fast but less capable than you; help it with hard questions and correct its mistakes. "
            + "Be brief and concrete: your words are read by the live model, not by the user.";

        public const string ReviewTask =
            "Review the conversation above. If the live model needs guidance now (a mistake to correct, a fact it is missing, "
            + "a better next step), reply with that guidance in at most two sentences addressed to the live model. "
            + "Otherwise reply exactly " + NoGuidance + ".";

        /// <summary>The prompt for a question the live model asked through <c>ask_supervisor</c>.</summary>
        public static string Ask(GeminiTranscript transcript, string question, int maxTranscriptCharacters = DefaultMaxTranscriptCharacters)
        {
            if (question == null) throw new ArgumentNullException(nameof(question));
            var prompt = new StringBuilder(Conversation(transcript, maxTranscriptCharacters));
            prompt.Append('\n').Append("Question: ").Append(OneLine(question)).Append('\n');
            return prompt.ToString();
        }

        /// <summary>The prompt for a review after a turn: guidance, or <see cref="NoGuidance"/>.</summary>
        public static string Review(GeminiTranscript transcript, int maxTranscriptCharacters = DefaultMaxTranscriptCharacters) =>
            Conversation(transcript, maxTranscriptCharacters) + "\n" + ReviewTask + "\n";

        /// <summary>The guidance in a review's answer, or null when it says there is none.</summary>
        public static string? GuidanceOf(string answer)
        {
            string text = (answer ?? string.Empty).Trim().TrimEnd('.', '!', ' ').Trim('"', '\'', '*', '`', ' ');
            if (text.Length == 0 || string.Equals(text, NoGuidance, StringComparison.OrdinalIgnoreCase)) return null;
            return answer!.Trim();
        }

        /// <summary>"Conversation so far:" and one line per entry (newest last), cut from the oldest end to the budget.</summary>
        public static string Conversation(GeminiTranscript transcript, int maxTranscriptCharacters = DefaultMaxTranscriptCharacters)
        {
            if (transcript == null) throw new ArgumentNullException(nameof(transcript));
            IReadOnlyList<TranscriptEntry> entries = transcript.Entries;
            var lines = new List<string>();
            int used = 0;
            int left = 0;
            for (int i = entries.Count - 1; i >= 0; i--)
            {
                string? line = LineOf(entries[i]);
                if (line == null) continue;
                if (used + line.Length + 1 > maxTranscriptCharacters)
                {
                    left++;
                    continue;
                }
                used += line.Length + 1;
                lines.Add(line);
            }
            lines.Reverse();
            var text = new StringBuilder("Conversation so far (oldest first):\n");
            if (left > 0) text.Append("(").Append(left).Append(" earlier line(s) left out)\n");
            if (lines.Count == 0) text.Append("(nothing yet)\n");
            foreach (string line in lines) text.Append(line).Append('\n');
            return text.ToString();
        }

        private static string? LineOf(TranscriptEntry entry)
        {
            switch (entry.Kind)
            {
                case TranscriptEntryKind.Text when entry.Role == TranscriptRole.User && entry.Text.Length > 0:
                    return "User: " + OneLine(entry.Text);
                case TranscriptEntryKind.Text when entry.Role == TranscriptRole.Model && entry.Text.Length > 0:
                    return "Model: " + OneLine(entry.Text) + (entry.Interrupted ? " (interrupted)" : string.Empty);
                case TranscriptEntryKind.ToolCall:
                    return "Tool call: " + entry.Name + " " + OneLine(entry.Json ?? "{}");
                case TranscriptEntryKind.ToolResult:
                    return "Tool result: " + entry.Name + " " + OneLine(entry.Json ?? "{}");
                case TranscriptEntryKind.Guidance:
                    return "Supervisor guidance: " + OneLine(entry.Text);
                default:
                    return null;
            }
        }

        private static string OneLine(string text) => text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Trim();
    }
}
