using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The emulator's deterministic Google Search: with <c>{"googleSearch": {}}</c> declared, a user text containing the
    /// whole word "search" (any case) gets <c>serverContent.groundingMetadata</c> before the reply. The query is the
    /// user text with the word "search" (and a following "for") removed and whitespace collapsed; two sources follow,
    /// <c>https://example.com/search/1?q=&lt;query&gt;</c> titled "Result 1: &lt;query&gt;" (domain example.com) and
    /// <c>https://example.org/search/2?q=&lt;query&gt;</c> titled "Result 2: &lt;query&gt;" (domain example.org).
    /// </summary>
    internal static class EmulatorGrounding
    {
        private static readonly Regex Trigger = new Regex(@"(?<![\p{L}\p{N}_])search(?![\p{L}\p{N}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Strip = new Regex(@"(?<![\p{L}\p{N}_])search(\s+for)?(?![\p{L}\p{N}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Spaces = new Regex(@"\s+", RegexOptions.CultureInvariant);

        public static bool Declared(IEnumerable<Tool>? tools)
        {
            if (tools == null) return false;
            foreach (Tool tool in tools)
            {
                if (tool.GoogleSearch != null) return true;
            }
            return false;
        }

        public static bool Triggers(string userText) => Trigger.IsMatch(userText);

        public static string Query(string userText)
        {
            string query = Spaces.Replace(Strip.Replace(userText, " "), " ").Trim().Trim('?', '.', '!', ':', ',').Trim();
            return query.Length == 0 ? userText.Trim() : query;
        }

        public static GroundingMetadata Build(string userText)
        {
            string query = Query(userText);
            string escaped = Uri.EscapeDataString(query);
            return new GroundingMetadata
            {
                WebSearchQueries = new List<string> { query },
                GroundingChunks = new List<GroundingChunk>
                {
                    new GroundingChunk { Web = new WebSource { Uri = "https://example.com/search/1?q=" + escaped, Title = "Result 1: " + query, Domain = "example.com" } },
                    new GroundingChunk { Web = new WebSource { Uri = "https://example.org/search/2?q=" + escaped, Title = "Result 2: " + query, Domain = "example.org" } },
                },
            };
        }
    }
}
