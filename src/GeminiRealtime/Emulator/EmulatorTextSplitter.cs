using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace GeminiRealtime.Emulator
{
    /// <summary>How the deterministic model cuts its reply text into deltas. Every split concatenates back to the input exactly.</summary>
    internal static class EmulatorTextSplitter
    {
        /// <summary>TEXT-modality <c>modelTurn</c> deltas are 7 UTF-16 units long (never splitting a surrogate pair): mid-word, like the service.</summary>
        public const int TextFragmentLength = 7;

        private static readonly Regex WordPiece = new Regex(@"\s*\S+", RegexOptions.CultureInvariant);

        /// <summary>
        /// Word-sized pieces for <c>outputTranscription</c>: each piece is the whitespace before a word plus the word
        /// (<c>"You"</c>, <c>" said:"</c>, <c>" hello"</c>); trailing whitespace joins the last piece.
        /// </summary>
        public static List<string> SplitWords(string text)
        {
            var pieces = new List<string>();
            int end = 0;
            foreach (Match match in WordPiece.Matches(text))
            {
                pieces.Add(match.Value);
                end = match.Index + match.Length;
            }
            if (end < text.Length)
            {
                string tail = text.Substring(end);
                if (pieces.Count == 0) pieces.Add(tail);
                else pieces[pieces.Count - 1] += tail;
            }
            return pieces;
        }

        /// <summary>Fixed-size fragments of <see cref="TextFragmentLength"/> units (the last one shorter).</summary>
        public static List<string> SplitFragments(string text)
        {
            var fragments = new List<string>();
            int at = 0;
            while (at < text.Length)
            {
                int length = System.Math.Min(TextFragmentLength, text.Length - at);
                if (at + length < text.Length && char.IsHighSurrogate(text[at + length - 1])) length++;
                fragments.Add(text.Substring(at, length));
                at += length;
            }
            return fragments;
        }
    }
}
