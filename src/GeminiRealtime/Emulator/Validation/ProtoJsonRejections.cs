using System.Text.Json;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// 1007 closes for frames the service's proto JSON parser refuses. Texts follow Google's REST parser errors,
    /// e.g. <c>Invalid JSON payload received. Unknown name "values" at 'tools.function_declarations[2].parameters.properties[1].value': Cannot find field.</c>
    /// and <c>Invalid value at '…type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), "enum"</c>.
    /// </summary>
    internal static class ProtoJsonRejections
    {
        /// <summary>Longest quoted value in a reason: the reason is cut to 123 bytes when sent anyway.</summary>
        private const int MaxQuotedValueChars = 100;

        /// <summary>Malformed JSON. Google's parser says e.g. <c>Invalid JSON payload received. Unexpected token.</c></summary>
        public static EmulatorRejection UnexpectedToken() =>
            EmulatorRejection.InvalidArgument("Invalid JSON payload received. Unexpected token.");

        /// <summary>Not UTF-8. The service's wording is unknown (emulator choice, in Google's style).</summary>
        public static EmulatorRejection InvalidUtf8() =>
            EmulatorRejection.InvalidArgument("Invalid JSON payload received. Invalid UTF-8 in the message.");

        /// <summary>A JSON array, string … as the whole message (Google's text for a non-object root).</summary>
        public static EmulatorRejection RootNotMessage() =>
            EmulatorRejection.InvalidArgument("Invalid JSON payload received. Unknown name \"\": Root element must be a message.");

        public static EmulatorRejection UnknownName(string name, string parentPath) =>
            EmulatorRejection.InvalidArgument(parentPath.Length == 0
                ? $"Invalid JSON payload received. Unknown name \"{name}\": Cannot find field."
                : $"Invalid JSON payload received. Unknown name \"{name}\" at '{parentPath}': Cannot find field.");

        /// <summary>A list for a field that is not repeated (Google's wording).</summary>
        public static EmulatorRejection NotRepeating(string name, string parentPath) =>
            EmulatorRejection.InvalidArgument(parentPath.Length == 0
                ? $"Invalid JSON payload received. Unknown name \"{name}\": Proto field is not repeating, cannot start list."
                : $"Invalid JSON payload received. Unknown name \"{name}\" at '{parentPath}': Proto field is not repeating, cannot start list.");

        /// <summary>
        /// A field set twice (e.g. as <c>turnComplete</c> and <c>turn_complete</c>). Proto JSON forbids it; the service's
        /// wording is unknown (emulator choice).
        /// </summary>
        public static EmulatorRejection DuplicateField(string name, string parentPath) =>
            EmulatorRejection.InvalidArgument(parentPath.Length == 0
                ? $"Invalid JSON payload received. Duplicate field \"{name}\"."
                : $"Invalid JSON payload received. Duplicate field \"{name}\" at '{parentPath}'.");

        /// <summary>A map key given twice (emulator wording).</summary>
        public static EmulatorRejection DuplicateMapKey(string key, string path) =>
            EmulatorRejection.InvalidArgument($"Invalid JSON payload received. Duplicate map key \"{key}\" at '{path}'.");

        /// <summary>A value of the wrong JSON kind or out of range for the field's type.</summary>
        public static EmulatorRejection InvalidValue(string path, string typeLabel, string apiVersion, JsonElement value) =>
            InvalidValue(path, typeLabel, apiVersion, Render(value));

        /// <summary><c>Invalid value at 'path' (label), rendered</c>; also used by the validators for enum names.</summary>
        public static EmulatorRejection InvalidValue(string path, string typeLabel, string apiVersion, string renderedValue) =>
            EmulatorRejection.InvalidArgument($"Invalid value at '{path}' ({ProtoEnumNames.FormatTypeLabel(typeLabel, apiVersion)}), {renderedValue}");

        /// <summary>An enum name that is not one of the enum's values.</summary>
        public static EmulatorRejection InvalidEnumValue(string path, string enumName, string apiVersion, string value) =>
            InvalidValue(path, enumName, apiVersion, Quote(value));

        /// <summary>Google's text for bad base64 in a <c>bytes</c> field.</summary>
        public static EmulatorRejection Base64DecodingFailed(string path, string text) =>
            EmulatorRejection.InvalidArgument($"Invalid value at '{path}' (TYPE_BYTES), Base64 decoding failed for {Quote(text)}");

        /// <summary>A value as Google quotes it: strings in quotes, everything else as its JSON text.</summary>
        /// <remarks>Strings are shown as sent (escapes included), so a malformed escape cannot fail the rendering.</remarks>
        public static string Render(JsonElement value)
        {
            string raw = value.GetRawText();
            if (value.ValueKind != JsonValueKind.String) return Clip(raw);
            return raw.Length <= MaxQuotedValueChars + 2 ? raw : raw.Substring(0, MaxQuotedValueChars + 1) + "\"";
        }

        public static string Quote(string text) => "\"" + Clip(text) + "\"";

        private static string Clip(string text) => text.Length <= MaxQuotedValueChars ? text : text.Substring(0, MaxQuotedValueChars);
    }
}
