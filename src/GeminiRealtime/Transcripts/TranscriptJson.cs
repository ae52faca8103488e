using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GeminiRealtime.Transcripts
{
    /// <summary>
    /// Transcript entries as JSON: one object per entry (camelCase, defaults omitted, times as ISO 8601 with offset).
    /// A file is either a JSON document <c>{"format":"gemini-transcript/1","model":…,"entries":[…]}</c>, a bare array
    /// of entries, or JSON lines (one entry per line, what <c>-TranscriptPath</c> streams). <see cref="Parse"/> reads all three.
    /// </summary>
    public static class TranscriptJson
    {
        public const string Format = "gemini-transcript/1";

        private static readonly JsonWriterOptions Compact = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly JsonWriterOptions Indented = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

        /// <summary>One entry as a single line of compact JSON (no trailing newline).</summary>
        public static string ToJsonLine(TranscriptEntry entry)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Compact)) WriteEntry(writer, entry);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        /// <summary>The whole transcript as an indented JSON document.</summary>
        public static string ToDocument(string? model, IEnumerable<TranscriptEntry> entries)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Indented))
            {
                writer.WriteStartObject();
                writer.WriteString("format", Format);
                if (model != null) writer.WriteString("model", model);
                writer.WriteStartArray("entries");
                foreach (TranscriptEntry entry in entries) WriteEntry(writer, entry);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
        }

        /// <summary>Reads a JSON document, a JSON array of entries, or JSON lines.</summary>
        /// <exception cref="FormatException">The text is none of those.</exception>
        public static GeminiTranscript Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            string trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            var transcript = new GeminiTranscript();
            try
            {
                if (trimmed.StartsWith("[", StringComparison.Ordinal) || (trimmed.StartsWith("{", StringComparison.Ordinal) && LooksLikeDocument(trimmed)))
                {
                    using JsonDocument document = JsonDocument.Parse(trimmed);
                    JsonElement entries = document.RootElement;
                    if (entries.ValueKind == JsonValueKind.Object)
                    {
                        if (entries.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String) transcript.Model = model.GetString();
                        if (!entries.TryGetProperty("entries", out entries)) throw new FormatException("The JSON object has no 'entries' array.");
                    }
                    if (entries.ValueKind != JsonValueKind.Array) throw new FormatException("'entries' is not an array.");
                    foreach (JsonElement item in entries.EnumerateArray()) transcript.Add(ReadEntry(item));
                    return transcript;
                }
                int lineNumber = 0;
                foreach (string raw in trimmed.Split('\n'))
                {
                    lineNumber++;
                    string line = raw.Trim();
                    if (line.Length == 0) continue;
                    using JsonDocument document = JsonDocument.Parse(line);
                    transcript.Add(ReadEntry(document.RootElement));
                }
                return transcript;
            }
            catch (JsonException ex)
            {
                throw new FormatException("Not a Gemini transcript (JSON document, array or JSON lines): " + ex.Message, ex);
            }
        }

        private static bool LooksLikeDocument(string text)
        {
            // A JSON-lines file starts with an entry object on its own line; a document spans the whole text.
            int newline = text.IndexOf('\n');
            if (newline < 0) return text.IndexOf("\"entries\"", StringComparison.Ordinal) >= 0;
            string first = text.Substring(0, newline).Trim();
            return !(first.StartsWith("{", StringComparison.Ordinal) && first.EndsWith("}", StringComparison.Ordinal));
        }

        internal static void WriteEntry(Utf8JsonWriter writer, TranscriptEntry entry)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", entry.Sequence);
            writer.WriteString("time", entry.Time.ToString("o", CultureInfo.InvariantCulture));
            writer.WriteString("role", Camel(entry.Role.ToString()));
            writer.WriteString("kind", Camel(entry.Kind.ToString()));
            writer.WriteString("text", entry.Text);
            if (entry.Source != null) writer.WriteString("source", entry.Source);
            if (entry.ConnectionId.HasValue) writer.WriteNumber("connection", entry.ConnectionId.Value);
            if (entry.Name != null) writer.WriteString("name", entry.Name);
            if (entry.CallId != null) writer.WriteString("callId", entry.CallId);
            if (entry.Json != null) writer.WriteString("json", entry.Json);
            if (entry.Interrupted) writer.WriteBoolean("interrupted", true);
            if (entry.PromptTokens.HasValue) writer.WriteNumber("promptTokens", entry.PromptTokens.Value);
            if (entry.ResponseTokens.HasValue) writer.WriteNumber("responseTokens", entry.ResponseTokens.Value);
            if (entry.TotalTokens.HasValue) writer.WriteNumber("totalTokens", entry.TotalTokens.Value);
            writer.WriteEndObject();
        }

        internal static TranscriptEntry ReadEntry(JsonElement item)
        {
            if (item.ValueKind != JsonValueKind.Object) throw new FormatException("A transcript entry must be a JSON object.");
            TranscriptRole role = ParseEnum<TranscriptRole>(String(item, "role") ?? throw new FormatException("An entry has no 'role'."));
            TranscriptEntryKind kind = ParseEnum<TranscriptEntryKind>(String(item, "kind") ?? "text");
            string time = String(item, "time") ?? throw new FormatException("An entry has no 'time'.");
            var entry = new TranscriptEntry(role, kind, String(item, "text"), DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
            {
                Source = String(item, "source"),
                ConnectionId = Int(item, "connection"),
                Name = String(item, "name"),
                CallId = String(item, "callId"),
                Json = String(item, "json"),
                Interrupted = item.TryGetProperty("interrupted", out JsonElement interrupted) && interrupted.ValueKind == JsonValueKind.True,
                PromptTokens = Int(item, "promptTokens"),
                ResponseTokens = Int(item, "responseTokens"),
                TotalTokens = Int(item, "totalTokens"),
            };
            return entry;
        }

        private static string? String(JsonElement item, string name) =>
            item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static int? Int(JsonElement item, string name) =>
            item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : (int?)null;

        private static T ParseEnum<T>(string text) where T : struct
        {
            if (Enum.TryParse(text, ignoreCase: true, out T value)) return value;
            throw new FormatException($"'{text}' is not a valid {typeof(T).Name}.");
        }

        private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
