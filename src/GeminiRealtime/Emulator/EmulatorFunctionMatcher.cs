using System.Collections.Generic;
using System.Text.RegularExpressions;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Decides which declared functions a user turn "calls": those whose name occurs in the text as a whole word,
    /// case-insensitively (a word boundary is any character other than a letter, digit or underscore). Declarations are
    /// checked in order over every <c>tools[].functionDeclarations[]</c>; each function is called at most once per turn.
    /// </summary>
    internal static class EmulatorFunctionMatcher
    {
        public static Match Find(string text, string functionName)
        {
            if (functionName.Length == 0) return Match.Empty;
            return Regex.Match(
                text,
                @"(?<![\p{L}\p{N}_])" + Regex.Escape(functionName) + @"(?![\p{L}\p{N}_])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        public static List<FunctionDeclaration> Named(IEnumerable<Tool>? tools, string text)
        {
            var called = new List<FunctionDeclaration>();
            if (tools == null) return called;
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (Tool tool in tools)
            {
                if (tool.FunctionDeclarations == null) continue;
                foreach (FunctionDeclaration declaration in tool.FunctionDeclarations)
                {
                    string? name = declaration.Name;
                    if (string.IsNullOrEmpty(name) || !names.Add(name!)) continue;
                    if (Find(text, name!).Success) called.Add(declaration);
                }
            }
            return called;
        }
    }
}
