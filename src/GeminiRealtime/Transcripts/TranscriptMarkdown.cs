using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GeminiRealtime.Transcripts
{
    /// <summary>A transcript as Markdown for people: a heading, then one paragraph per entry (time, who, what).</summary>
    public static class TranscriptMarkdown
    {
        public static string Render(string? model, IEnumerable<TranscriptEntry> entries)
        {
            var text = new StringBuilder();
            text.Append("# Gemini conversation");
            if (!string.IsNullOrEmpty(model)) text.Append(" with ").Append(model);
            text.Append("\n\n");
            foreach (TranscriptEntry entry in entries)
            {
                string time = entry.Time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
                switch (entry.Kind)
                {
                    case TranscriptEntryKind.Text:
                        text.Append("**").Append(entry.Role == TranscriptRole.User ? "User" : "Model").Append("** (").Append(time).Append(")");
                        if (entry.Interrupted) text.Append(" *interrupted*");
                        if (entry.TotalTokens.HasValue) text.Append(" · ").Append(entry.TotalTokens.Value.ToString(CultureInfo.InvariantCulture)).Append(" tokens");
                        text.Append("\n\n").Append(Quote(entry.Text)).Append("\n\n");
                        break;
                    case TranscriptEntryKind.ToolCall:
                        text.Append("**Tool call** `").Append(entry.Name).Append("` (").Append(time).Append(")\n\n```json\n").Append(entry.Json ?? "{}").Append("\n```\n\n");
                        break;
                    case TranscriptEntryKind.ToolResult:
                        text.Append("**Tool result** `").Append(entry.Name).Append("` (").Append(time).Append(")\n\n```json\n").Append(entry.Json ?? "{}").Append("\n```\n\n");
                        break;
                    default:
                        text.Append("*").Append(entry.Kind.ToString()).Append(" (").Append(time).Append("): ").Append(entry.Text.Replace("*", "\\*")).Append("*\n\n");
                        break;
                }
            }
            return text.ToString();
        }

        private static string Quote(string value)
        {
            var quoted = new StringBuilder();
            foreach (string line in value.Replace("\r\n", "\n").Split('\n')) quoted.Append("> ").Append(line).Append('\n');
            return quoted.ToString().TrimEnd('\n');
        }
    }
}
