using System;
using System.Collections.Generic;
using System.Text;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// Turns an earlier conversation into the <c>clientContent</c> history that seeds a new session
    /// (protocol.md §4.2): user/model text turns in order, consecutive turns of one role merged, sent with
    /// <c>turnComplete: false</c> so nothing is generated. When the text is longer than the budget the newest turns
    /// are kept whole and the older ones are replaced by one user turn that summarises them (their first words).
    /// Per model: 2.5 — the seed must end with a user turn (a short user note is appended when it ends with the
    /// model); 3.1 — initial history only (the conversation sends it before anything else); 3.8 — any time, and
    /// <c>historyConfig.initialHistoryInClientContent</c> is set in <c>setup</c>.
    /// </summary>
    public static class ConversationSeed
    {
        /// <summary>Default budget in characters (about 8k tokens).</summary>
        public const int DefaultMaxCharacters = 32_000;

        public const string ContinuationNote = "(The conversation above continues now.)";
        public const string SummaryPrefix = "Summary of the earlier conversation (shortened): ";

        /// <summary>Builds the seed turns, or an empty list when there is nothing to seed.</summary>
        public static List<Content> Build(IEnumerable<TranscriptEntry> entries, LiveModel? model, int maxCharacters = DefaultMaxCharacters)
        {
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            var turns = new List<(string Role, string Text)>();
            foreach (TranscriptEntry entry in entries)
            {
                string? role = entry.Kind switch
                {
                    TranscriptEntryKind.Text when entry.Role == TranscriptRole.User => "user",
                    TranscriptEntryKind.Text when entry.Role == TranscriptRole.Model => "model",
                    _ => null,
                };
                if (role == null || entry.Text.Trim().Length == 0) continue;
                if (turns.Count > 0 && turns[turns.Count - 1].Role == role)
                    turns[turns.Count - 1] = (role, turns[turns.Count - 1].Text + "\n" + entry.Text);
                else
                    turns.Add((role, entry.Text));
            }
            if (turns.Count == 0) return new List<Content>();

            // Keep the newest turns that fit; summarise the rest.
            int budget = Math.Max(256, maxCharacters);
            int used = 0;
            int firstKept = turns.Count;
            while (firstKept > 0 && used + turns[firstKept - 1].Text.Length <= budget)
            {
                firstKept--;
                used += turns[firstKept].Text.Length;
            }
            var seed = new List<Content>();
            if (firstKept > 0)
            {
                var summary = new StringBuilder(SummaryPrefix);
                int room = Math.Max(200, budget / 8);
                for (int i = 0; i < firstKept && summary.Length < room; i++)
                {
                    string text = turns[i].Text.Replace('\n', ' ');
                    if (text.Length > 80) text = text.Substring(0, 80) + "…";
                    summary.Append(turns[i].Role).Append(": ").Append(text).Append(" | ");
                }
                seed.Add(Content.FromText(summary.ToString().TrimEnd(' ', '|'), "user"));
                if (firstKept < turns.Count && turns[firstKept].Role == "user") seed.Add(Content.FromText("(Understood.)", "model"));
            }
            for (int i = firstKept; i < turns.Count; i++) seed.Add(Content.FromText(turns[i].Text, turns[i].Role));

            if (model?.ClientContent == ClientContentSupport.SeedEndsWithUser && seed[seed.Count - 1].Role == "model")
                seed.Add(Content.FromText(ContinuationNote, "user"));
            return seed;
        }

        /// <summary>Whether <c>setup.historyConfig.initialHistoryInClientContent</c> applies to the model (3.8 only; protocol.md §4.1).</summary>
        public static bool UsesHistoryConfig(LiveModel? model) => model?.Family == ModelFamily.Live38;
    }
}
