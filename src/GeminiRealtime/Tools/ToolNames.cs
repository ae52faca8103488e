using System;
using System.Text.RegularExpressions;

namespace GeminiRealtime.Tools
{
    /// <summary>The service's rule for function names (protocol.md §4.1.2): <c>[A-Za-z0-9_:.-]{1,64}</c>.</summary>
    public static class ToolNames
    {
        public const int MaxLength = 64;

        private static readonly Regex Pattern = new Regex("^[A-Za-z0-9_:.-]{1,64}$", RegexOptions.CultureInvariant);

        public static bool IsValid(string? name) => name != null && Pattern.IsMatch(name);

        /// <summary>Why <paramref name="name"/> is not a valid function name, or null when it is.</summary>
        public static string? Problem(string? name)
        {
            if (string.IsNullOrEmpty(name)) return "A tool name cannot be empty.";
            if (name!.Length > MaxLength) return $"The tool name '{name}' has {name.Length} characters; the service allows at most {MaxLength}.";
            foreach (char c in name)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '.' || c == '-';
                if (!ok)
                {
                    return $"The tool name '{name}' contains '{c}'; the service allows only a-z, A-Z, 0-9, '_', ':', '.' and '-' (e.g. '{Suggest(name)}').";
                }
            }
            return null;
        }

        /// <summary>Throws <see cref="ArgumentException"/> with an actionable message when the name is invalid.</summary>
        public static void Validate(string? name, string paramName = "name")
        {
            string? problem = Problem(name);
            if (problem != null) throw new ArgumentException(problem, paramName);
        }

        /// <summary>A valid name close to <paramref name="name"/>: invalid characters become '_', cut at 64.</summary>
        public static string Suggest(string name)
        {
            char[] chars = (name ?? string.Empty).ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '.' || c == '-';
                if (!ok) chars[i] = '_';
            }
            string result = new string(chars);
            if (result.Length == 0) result = "tool";
            return result.Length > MaxLength ? result.Substring(0, MaxLength) : result;
        }
    }
}
