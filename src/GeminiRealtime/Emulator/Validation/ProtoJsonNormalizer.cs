using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Walks a client frame the way the service's proto JSON parser reads it, guided by <see cref="ProtoShapeCatalog"/>:
    /// rejects unknown or duplicate fields and values of the wrong kind (1007), and, given a writer, writes the
    /// frame back with every field name in camelCase and numeric strings as numbers. Keys of user data (maps such
    /// as <c>Schema.properties</c>, and <c>Struct</c>/<c>Value</c> fields such as <c>args</c>, <c>response</c>,
    /// <c>parametersJsonSchema</c>, <c>example</c>, <c>default</c>) are copied as they are.
    /// </summary>
    internal sealed class ProtoJsonNormalizer
    {
        private readonly string _apiVersion;

        public ProtoJsonNormalizer(string apiVersion)
        {
            _apiVersion = apiVersion;
        }

        /// <summary>Whether the frame differs from its normalised form (a snake_case key, a number sent as a string).</summary>
        public bool NeedsRewrite { get; private set; }

        /// <summary>Validates <paramref name="element"/> (a JSON object) as <paramref name="shape"/>; writes the normalised form when a writer is given.</summary>
        public void WalkMessage(JsonElement element, ProtoMessageShape shape, string path, Utf8JsonWriter? writer)
        {
            writer?.WriteStartObject();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string key = ReadName(property);
                if (!shape.TryGetField(key, out ProtoFieldShape field)) throw ProtoJsonRejections.UnknownName(key, path);
                if (!seen.Add(field.JsonName)) throw ProtoJsonRejections.DuplicateField(key, path);
                if (!string.Equals(key, field.JsonName, StringComparison.Ordinal)) NeedsRewrite = true;

                writer?.WritePropertyName(field.JsonName);
                WalkField(property.Value, field, key, path, writer);
            }
            writer?.WriteEndObject();
        }

        private void WalkField(JsonElement value, ProtoFieldShape field, string key, string parentPath, Utf8JsonWriter? writer)
        {
            // proto JSON: null means "not set" (for a Value field it is NULL_VALUE; either way it is kept as null).
            if (value.ValueKind == JsonValueKind.Null)
            {
                writer?.WriteNullValue();
                return;
            }
            ProtoValueShape shape = field.Value;
            if (value.ValueKind == JsonValueKind.Array && shape.Kind != ProtoValueKind.Repeated && shape.Kind != ProtoValueKind.Value)
            {
                throw ProtoJsonRejections.NotRepeating(key, parentPath);
            }
            WalkValue(value, shape, ProtoPath.Field(parentPath, field.ProtoName), writer);
        }

        private void WalkValue(JsonElement value, ProtoValueShape shape, string path, Utf8JsonWriter? writer)
        {
            switch (shape.Kind)
            {
                case ProtoValueKind.Message:
                    RequireKind(value, JsonValueKind.Object, shape, path);
                    WalkMessage(value, shape.Message!, path, writer);
                    break;
                case ProtoValueKind.Repeated:
                    WalkList(value, shape, path, writer);
                    break;
                case ProtoValueKind.Map:
                    WalkMap(value, shape, path, writer);
                    break;
                case ProtoValueKind.String:
                    RequireKind(value, JsonValueKind.String, shape, path);
                    ReadString(value);
                    if (writer != null) value.WriteTo(writer);
                    break;
                case ProtoValueKind.Bytes:
                    RequireKind(value, JsonValueKind.String, shape, path);
                    string base64 = ReadString(value);
                    if (!IsProtoBase64(base64)) throw ProtoJsonRejections.Base64DecodingFailed(path, base64);
                    if (writer != null) value.WriteTo(writer);
                    break;
                case ProtoValueKind.Bool:
                    if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False) throw InvalidValue(path, shape, value);
                    if (writer != null) value.WriteTo(writer);
                    break;
                case ProtoValueKind.Int32:
                case ProtoValueKind.Int64:
                case ProtoValueKind.Float:
                case ProtoValueKind.Double:
                    WalkNumber(value, shape, path, writer);
                    break;
                case ProtoValueKind.Struct:
                    RequireKind(value, JsonValueKind.Object, shape, path);
                    if (writer != null) value.WriteTo(writer);
                    break;
                case ProtoValueKind.Value:
                    if (writer != null) value.WriteTo(writer);
                    break;
                default:
                    throw new InvalidOperationException("Unhandled proto value kind " + shape.Kind + ".");
            }
        }

        private void WalkList(JsonElement value, ProtoValueShape shape, string path, Utf8JsonWriter? writer)
        {
            ProtoValueShape element = shape.Element!;
            RequireKind(value, JsonValueKind.Array, element, path);
            writer?.WriteStartArray();
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                string itemPath = ProtoPath.Item(path, index++);
                // proto JSON has no null items and no lists of lists.
                if (item.ValueKind == JsonValueKind.Null || item.ValueKind == JsonValueKind.Array) throw InvalidValue(itemPath, element, item);
                WalkValue(item, element, itemPath, writer);
            }
            writer?.WriteEndArray();
        }

        private void WalkMap(JsonElement value, ProtoValueShape shape, string path, Utf8JsonWriter? writer)
        {
            ProtoValueShape element = shape.Element!;
            RequireKind(value, JsonValueKind.Object, element, path);
            writer?.WriteStartObject();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            int entryIndex = 0;
            foreach (JsonProperty entry in value.EnumerateObject())
            {
                string entryPath = ProtoPath.MapValue(path, entryIndex++);
                string key = ReadName(entry);
                if (!keys.Add(key)) throw ProtoJsonRejections.DuplicateMapKey(key, path);
                if (entry.Value.ValueKind == JsonValueKind.Null || entry.Value.ValueKind == JsonValueKind.Array) throw InvalidValue(entryPath, element, entry.Value);
                writer?.WritePropertyName(key); // user data: never renamed
                WalkValue(entry.Value, element, entryPath, writer);
            }
            writer?.WriteEndObject();
        }

        // proto JSON accepts numbers and numeric strings for every numeric type; the wire types read numbers, so
        // strings are rewritten as numbers. Non-finite values ("NaN", "Infinity") are refused (strict).
        private void WalkNumber(JsonElement value, ProtoValueShape shape, string path, Utf8JsonWriter? writer)
        {
            if (value.ValueKind == JsonValueKind.Number)
            {
                if (!IsNumberInRange(value, shape.Kind)) throw InvalidValue(path, shape, value);
                if (writer != null) value.WriteTo(writer);
                return;
            }
            if (value.ValueKind != JsonValueKind.String) throw InvalidValue(path, shape, value);

            string text = ReadString(value);
            NeedsRewrite = true;
            if (shape.Kind == ProtoValueKind.Int32 || shape.Kind == ProtoValueKind.Int64)
            {
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)
                    || (shape.Kind == ProtoValueKind.Int32 && (integer < int.MinValue || integer > int.MaxValue)))
                {
                    throw InvalidValue(path, shape, value);
                }
                writer?.WriteNumberValue(integer);
                return;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) || !IsFinite(real, shape.Kind))
            {
                throw InvalidValue(path, shape, value);
            }
            writer?.WriteNumberValue(real);
        }

        private static bool IsNumberInRange(JsonElement value, ProtoValueKind kind)
        {
            switch (kind)
            {
                case ProtoValueKind.Int32:
                    return value.TryGetInt32(out _);
                case ProtoValueKind.Int64:
                    return value.TryGetInt64(out _);
                default:
                    return value.TryGetDouble(out double real) && IsFinite(real, kind);
            }
        }

        private static bool IsFinite(double real, ProtoValueKind kind)
        {
            if (double.IsNaN(real) || double.IsInfinity(real)) return false;
            return kind != ProtoValueKind.Float || Math.Abs(real) <= float.MaxValue;
        }

        /// <summary>Standard or URL-safe base64, padded or not (what <see cref="Protocol.Base64Data"/> decodes).</summary>
        internal static bool IsProtoBase64(string text)
        {
            int length = text.Length;
            int padding = 0;
            while (padding < 2 && length > 0 && text[length - 1] == '=')
            {
                length--;
                padding++;
            }
            if (padding > 0 && text.Length % 4 != 0) return false;
            if (length % 4 == 1) return false;
            for (int i = 0; i < length; i++)
            {
                char c = text[i];
                bool isAlphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' || c == '_';
                if (!isAlphabet) return false;
            }
            return true;
        }

        private void RequireKind(JsonElement value, JsonValueKind kind, ProtoValueShape shape, string path)
        {
            if (value.ValueKind != kind) throw InvalidValue(path, shape, value);
        }

        private EmulatorRejection InvalidValue(string path, ProtoValueShape shape, JsonElement value) =>
            ProtoJsonRejections.InvalidValue(path, shape.TypeLabel, _apiVersion, value);

        // A JSON string can hold an escaped lone surrogate ("\ud800"), which is not text: the parser refuses it.
        private static string ReadString(JsonElement value)
        {
            try
            {
                return value.GetString() ?? string.Empty;
            }
            catch (InvalidOperationException)
            {
                throw ProtoJsonRejections.InvalidUtf8();
            }
        }

        private static string ReadName(JsonProperty property)
        {
            try
            {
                return property.Name;
            }
            catch (InvalidOperationException)
            {
                throw ProtoJsonRejections.InvalidUtf8();
            }
        }
    }
}
