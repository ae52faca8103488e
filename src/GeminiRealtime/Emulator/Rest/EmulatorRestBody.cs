using System;
using System.Text.Json;

namespace GeminiRealtime.Emulator.Rest
{
    /// <summary>The JSON body of a REST request, parsed as Google's JSON parser reports problems.</summary>
    internal static class EmulatorRestBody
    {
        /// <summary>The body's JSON object (an empty body is <c>{}</c>).</summary>
        /// <exception cref="FormatException">Not JSON ("Unexpected token"), or not an object (<paramref name="notAnObject"/>).</exception>
        public static JsonElement ParseObject(ReadOnlySpan<byte> body, string notAnObject)
        {
            JsonElement root;
            try
            {
                if (body.Length == 0) root = JsonDocument.Parse("{}").RootElement.Clone();
                else
                {
                    var reader = new Utf8JsonReader(body);
                    using JsonDocument document = JsonDocument.ParseValue(ref reader);
                    root = document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                throw new FormatException("Invalid JSON payload received. Unexpected token.");
            }
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException(notAnObject);
            return root;
        }
    }
}
