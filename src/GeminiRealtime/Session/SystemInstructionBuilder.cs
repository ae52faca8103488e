using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// Composes the system instruction from the user's own text, a glossary (terms and how to use them) and context
    /// documents. Each becomes its own paragraph group, so <c>setup.systemInstruction.parts</c> keeps one paragraph per part.
    /// </summary>
    public static class SystemInstructionBuilder
    {
        /// <summary>Largest total of context text in characters (about 25k tokens); longer documents are cut.</summary>
        public const int MaxContextCharacters = 100_000;

        public const string GlossaryHeading = "Glossary: use these terms, spelled exactly as written, with these meanings.";
        public const string ContextHeading = "Reference material for this conversation follows; rely on it when relevant.";

        /// <summary>Reads a glossary file: a JSON object <c>{"term": "meaning"}</c>, or lines <c>term: meaning</c>, <c>term = meaning</c> or <c>term&lt;TAB&gt;meaning</c> (# comments, blank lines skipped; a bare term is kept as is).</summary>
        /// <exception cref="FormatException">A JSON glossary that is not an object of strings.</exception>
        public static List<KeyValuePair<string, string>> ParseGlossary(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var terms = new List<KeyValuePair<string, string>>();
            string trimmed = text.Trim().TrimStart('\uFEFF');
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using JsonDocument document = JsonDocument.Parse(trimmed);
                    foreach (JsonProperty property in document.RootElement.EnumerateObject())
                        terms.Add(new KeyValuePair<string, string>(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText()));
                    return terms;
                }
                catch (JsonException ex)
                {
                    throw new FormatException("The glossary looks like JSON but is not a valid JSON object: " + ex.Message, ex);
                }
            }
            foreach (string raw in trimmed.Replace("\r\n", "\n").Split('\n'))
            {
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
                int at = IndexOfSeparator(line);
                terms.Add(at < 0
                    ? new KeyValuePair<string, string>(line, string.Empty)
                    : new KeyValuePair<string, string>(line.Substring(0, at).Trim(), line.Substring(at + 1).Trim()));
            }
            return terms;
        }

        /// <summary>The instruction: the user's text, then the glossary, then the context documents (name + text).</summary>
        public static string? Compose(string? instruction, IEnumerable<KeyValuePair<string, string>>? glossary, IEnumerable<KeyValuePair<string, string>>? context, out bool contextTruncated)
        {
            contextTruncated = false;
            var text = new StringBuilder();
            if (!string.IsNullOrWhiteSpace(instruction)) text.Append(instruction!.Trim());
            if (glossary != null)
            {
                var lines = new StringBuilder();
                foreach (KeyValuePair<string, string> term in glossary)
                {
                    if (string.IsNullOrWhiteSpace(term.Key)) continue;
                    lines.Append("- ").Append(term.Key.Trim());
                    if (!string.IsNullOrWhiteSpace(term.Value)) lines.Append(": ").Append(term.Value.Trim());
                    lines.Append('\n');
                }
                if (lines.Length > 0) Paragraph(text).Append(GlossaryHeading).Append('\n').Append(lines.ToString().TrimEnd('\n'));
            }
            if (context != null)
            {
                int room = MaxContextCharacters;
                bool headed = false;
                foreach (KeyValuePair<string, string> document in context)
                {
                    if (room <= 0)
                    {
                        contextTruncated = true;
                        break;
                    }
                    if (!headed)
                    {
                        Paragraph(text).Append(ContextHeading);
                        headed = true;
                    }
                    string body = document.Value.Replace("\r\n", "\n").Trim();
                    // Blank lines inside a document would split it into several parts; keep it as one.
                    while (body.Contains("\n\n")) body = body.Replace("\n\n", "\n");
                    if (body.Length > room)
                    {
                        body = body.Substring(0, room) + "\n[…cut]";
                        contextTruncated = true;
                    }
                    room -= body.Length;
                    Paragraph(text).Append("--- ").Append(Path.GetFileName(document.Key)).Append(" ---\n").Append(body);
                }
            }
            return text.Length == 0 ? null : text.ToString();
        }

        private static StringBuilder Paragraph(StringBuilder text) => text.Length == 0 ? text : text.Append("\n\n");

        private static int IndexOfSeparator(string line)
        {
            int tab = line.IndexOf('\t');
            if (tab > 0) return tab;
            int colon = line.IndexOf(':');
            int equals = line.IndexOf('=');
            if (colon > 0 && (equals < 0 || colon < equals)) return colon;
            return equals > 0 ? equals : -1;
        }
    }
}
