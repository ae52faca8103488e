using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace GeminiRealtime.Emulator.Rest
{
    /// <summary>
    /// The setup fields an ephemeral token locks: the <c>fieldMask</c> paths, or every top-level field of the locked
    /// <c>bidiGenerateContentSetup</c> when no mask was given. A connecting <c>setup</c> may omit a locked field; one it
    /// sends must equal the locked value (a field absent from the locked setup must stay absent), else 1007.
    /// Names compare in camelCase (snake_case is accepted on both sides, as proto JSON allows).
    /// </summary>
    internal sealed class EmulatorLockedSetup
    {
        private readonly JsonElement _setup;
        private readonly IReadOnlyList<string> _paths;

        public EmulatorLockedSetup(JsonElement setup, IReadOnlyList<string> fieldMask)
        {
            _setup = setup;
            _paths = fieldMask.Count > 0 ? fieldMask : setup.EnumerateObject().Select(p => ToCamelCase(p.Name)).ToList();
        }

        /// <summary>The locked paths (camelCase, dotted).</summary>
        public IReadOnlyList<string> Paths => _paths;

        /// <summary>True when <paramref name="clientSetup"/> (the <c>setup</c> object) keeps every locked field.</summary>
        public bool Admits(JsonElement clientSetup)
        {
            foreach (string path in _paths)
            {
                JsonElement? sent = Find(clientSetup, path);
                if (sent == null) continue;
                JsonElement? locked = Find(_setup, path);
                if (locked == null || !JsonEquals(sent.Value, locked.Value)) return false;
            }
            return true;
        }

        public static string ToCamelCase(string name)
        {
            if (name.IndexOf('_') < 0) return name;
            var builder = new StringBuilder(name.Length);
            bool upper = false;
            foreach (char c in name)
            {
                if (c == '_') { upper = builder.Length > 0; continue; }
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            return builder.ToString();
        }

        public static string ToCamelCasePath(string path) => string.Join(".", path.Split('.').Select(ToCamelCase));

        private static JsonElement? Find(JsonElement root, string path)
        {
            JsonElement current = root;
            foreach (string segment in path.Split('.'))
            {
                if (current.ValueKind != JsonValueKind.Object) return null;
                JsonElement? next = null;
                foreach (JsonProperty property in current.EnumerateObject())
                {
                    if (string.Equals(ToCamelCase(property.Name), segment, StringComparison.Ordinal)) { next = property.Value; break; }
                }
                if (next == null) return null;
                current = next.Value;
            }
            return current;
        }

        internal static bool JsonEquals(JsonElement a, JsonElement b)
        {
            if (a.ValueKind != b.ValueKind) return false;
            switch (a.ValueKind)
            {
                case JsonValueKind.Object:
                    var left = a.EnumerateObject().ToDictionary(p => ToCamelCase(p.Name), p => p.Value, StringComparer.Ordinal);
                    var right = b.EnumerateObject().ToDictionary(p => ToCamelCase(p.Name), p => p.Value, StringComparer.Ordinal);
                    return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out JsonElement other) && JsonEquals(p.Value, other));
                case JsonValueKind.Array:
                    if (a.GetArrayLength() != b.GetArrayLength()) return false;
                    using (var x = a.EnumerateArray().GetEnumerator())
                    using (var y = b.EnumerateArray().GetEnumerator())
                    {
                        while (x.MoveNext() && y.MoveNext()) if (!JsonEquals(x.Current, y.Current)) return false;
                    }
                    return true;
                case JsonValueKind.Number:
                    return a.TryGetDecimal(out decimal m) && b.TryGetDecimal(out decimal n)
                        ? m == n
                        : a.GetDouble().Equals(b.GetDouble());
                case JsonValueKind.String:
                    return string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
                default:
                    return true; // true, false, null: same kind, same value
            }
        }
    }
}
