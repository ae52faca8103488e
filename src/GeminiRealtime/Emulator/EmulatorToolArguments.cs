using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Builds a function call's <c>args</c> from the declared schema (<c>parameters</c>, or else <c>parametersJsonSchema</c>).
    /// Every property gets a value, required or not, in declaration order (<c>propertyOrdering</c> first when given):
    /// <c>const</c> → that value; <c>enum</c> → its first value; STRING → the value written as <c>prop=value</c> or
    /// <c>prop: value</c> in the user's text (quotes allowed), else the word after the function's name, else the property
    /// name; INTEGER → 42; NUMBER → 1.5; BOOLEAN → true; ARRAY → one item built from <c>items</c> (none → <c>[]</c>);
    /// OBJECT → built the same way, recursively; NULL → null. A missing type is OBJECT when there are properties, ARRAY
    /// when there are items, the first <c>anyOf</c>/<c>oneOf</c> alternative when given, else STRING.
    /// </summary>
    internal static class EmulatorToolArguments
    {
        public const long IntegerValue = 42;
        public const double NumberValue = 1.5;
        private const int MaxDepth = 32;

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static JsonElement Build(FunctionDeclaration declaration, string userText)
        {
            Node? root = declaration.Parameters != null
                ? FromSchema(declaration.Parameters, 0)
                : declaration.ParametersJsonSchema is JsonElement json && json.ValueKind == JsonValueKind.Object ? FromJsonSchema(json, 0) : null;

            var context = new Context(userText, declaration.Name ?? string.Empty);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                // args is always an object, whatever the root schema says.
                WriteObject(writer, root, context, 0);
            }
            using JsonDocument document = JsonDocument.Parse(stream.ToArray());
            return document.RootElement.Clone();
        }

        /// <summary>The STRING rule on its own (exposed for tests and docs).</summary>
        public static string StringValue(string property, string userText, string functionName)
        {
            Match assigned = Regex.Match(
                userText,
                @"(?<![A-Za-z0-9_])" + Regex.Escape(property) + @"\s*[=:]\s*(?:""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s,;]+))",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            if (assigned.Success)
            {
                string value = assigned.Groups["v"].Value;
                bool quoted = assigned.Value.EndsWith("\"", StringComparison.Ordinal) || assigned.Value.EndsWith("'", StringComparison.Ordinal);
                if (!quoted) value = value.TrimEnd('.', '!', '?', ')');
                if (value.Length > 0 || quoted) return value;
            }

            Match name = EmulatorFunctionMatcher.Find(userText, functionName);
            if (name.Success)
            {
                Match next = Regex.Match(userText.Substring(name.Index + name.Length), @"^[\s,:;]*(?<w>[^\s,;]+)", RegexOptions.CultureInvariant);
                if (next.Success)
                {
                    string word = next.Groups["w"].Value.Trim('.', '!', '?', '"', '\'', '(', ')');
                    if (word.Length > 0) return word;
                }
            }
            return property;
        }

        private static void WriteValue(Utf8JsonWriter writer, Node node, string property, Context context, int depth)
        {
            if (node.Const is JsonElement constant)
            {
                constant.WriteTo(writer);
                return;
            }
            if (node.Enum.Count > 0)
            {
                node.Enum[0].WriteTo(writer);
                return;
            }
            switch (node.Type)
            {
                case SchemaType.Integer:
                    writer.WriteNumberValue(IntegerValue);
                    break;
                case SchemaType.Number:
                    writer.WriteNumberValue(NumberValue);
                    break;
                case SchemaType.Boolean:
                    writer.WriteBooleanValue(true);
                    break;
                case SchemaType.Null:
                    writer.WriteNullValue();
                    break;
                case SchemaType.Array:
                    writer.WriteStartArray();
                    if (node.Items != null && depth < MaxDepth) WriteValue(writer, node.Items, property, context, depth + 1);
                    writer.WriteEndArray();
                    break;
                case SchemaType.Object:
                    WriteObject(writer, node, context, depth + 1);
                    break;
                default:
                    writer.WriteStringValue(StringValue(property, context.UserText, context.FunctionName));
                    break;
            }
        }

        private static void WriteObject(Utf8JsonWriter writer, Node? node, Context context, int depth)
        {
            writer.WriteStartObject();
            if (node != null && depth < MaxDepth)
            {
                foreach (KeyValuePair<string, Node> property in node.Properties)
                {
                    writer.WritePropertyName(property.Key);
                    WriteValue(writer, property.Value, property.Key, context, depth);
                }
            }
            writer.WriteEndObject();
        }

        private static Node FromSchema(Schema schema, int depth)
        {
            if (schema.Type == null && schema.Properties == null && schema.Items == null && schema.AnyOf is { Count: > 0 } anyOf && depth < MaxDepth)
            {
                return FromSchema(anyOf[0], depth + 1);
            }
            var node = new Node
            {
                Type = NormalizeType(schema.Type, schema.Properties != null, schema.Items != null),
            };
            if (schema.Enum != null)
            {
                foreach (string value in schema.Enum) node.Enum.Add(JsonString(value));
            }
            if (depth >= MaxDepth) return node;
            if (schema.Items != null) node.Items = FromSchema(schema.Items, depth + 1);
            if (schema.Properties != null)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                if (schema.PropertyOrdering != null)
                {
                    foreach (string name in schema.PropertyOrdering)
                    {
                        if (schema.Properties.TryGetValue(name, out Schema? property) && seen.Add(name))
                        {
                            node.Properties.Add(new KeyValuePair<string, Node>(name, FromSchema(property, depth + 1)));
                        }
                    }
                }
                foreach (KeyValuePair<string, Schema> property in schema.Properties)
                {
                    if (seen.Add(property.Key)) node.Properties.Add(new KeyValuePair<string, Node>(property.Key, FromSchema(property.Value, depth + 1)));
                }
            }
            return node;
        }

        private static Node FromJsonSchema(JsonElement schema, int depth)
        {
            if (schema.ValueKind != JsonValueKind.Object) return new Node { Type = SchemaType.String };
            bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object;
            bool hasItems = schema.TryGetProperty("items", out JsonElement items) && (items.ValueKind == JsonValueKind.Object || items.ValueKind == JsonValueKind.Array);
            string? type = null;
            if (schema.TryGetProperty("type", out JsonElement typeElement))
            {
                if (typeElement.ValueKind == JsonValueKind.String) type = typeElement.GetString();
                else if (typeElement.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement candidate in typeElement.EnumerateArray())
                    {
                        if (candidate.ValueKind != JsonValueKind.String) continue;
                        type = candidate.GetString();
                        if (!string.Equals(type, "null", StringComparison.OrdinalIgnoreCase)) break;
                    }
                }
            }
            if (type == null && !hasProperties && !hasItems && depth < MaxDepth)
            {
                foreach (string combinator in new[] { "anyOf", "oneOf", "allOf" })
                {
                    if (schema.TryGetProperty(combinator, out JsonElement alternatives) && alternatives.ValueKind == JsonValueKind.Array && alternatives.GetArrayLength() > 0)
                    {
                        return FromJsonSchema(alternatives[0], depth + 1);
                    }
                }
            }

            var node = new Node { Type = NormalizeType(type, hasProperties, hasItems) };
            if (schema.TryGetProperty("const", out JsonElement constant)) node.Const = constant.Clone();
            if (schema.TryGetProperty("enum", out JsonElement enumValues) && enumValues.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement value in enumValues.EnumerateArray()) node.Enum.Add(value.Clone());
            }
            if (depth >= MaxDepth) return node;
            if (hasItems)
            {
                JsonElement itemSchema = items.ValueKind == JsonValueKind.Array ? (items.GetArrayLength() > 0 ? items[0] : default) : items;
                if (itemSchema.ValueKind == JsonValueKind.Object) node.Items = FromJsonSchema(itemSchema, depth + 1);
            }
            if (hasProperties)
            {
                foreach (JsonProperty property in properties.EnumerateObject())
                {
                    node.Properties.Add(new KeyValuePair<string, Node>(property.Name, FromJsonSchema(property.Value, depth + 1)));
                }
            }
            return node;
        }

        private static string NormalizeType(string? type, bool hasProperties, bool hasItems)
        {
            string upper = (type ?? string.Empty).ToUpperInvariant();
            if (upper.Length == 0 || upper == "TYPE_UNSPECIFIED")
            {
                return hasProperties ? SchemaType.Object : hasItems ? SchemaType.Array : SchemaType.String;
            }
            return upper;
        }

        private static JsonElement JsonString(string value)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions)) writer.WriteStringValue(value);
            using JsonDocument document = JsonDocument.Parse(stream.ToArray());
            return document.RootElement.Clone();
        }

        private sealed class Node
        {
            public string Type { get; set; } = SchemaType.String;
            public JsonElement? Const { get; set; }
            public List<JsonElement> Enum { get; } = new List<JsonElement>();
            public Node? Items { get; set; }
            public List<KeyValuePair<string, Node>> Properties { get; } = new List<KeyValuePair<string, Node>>();
        }

        private sealed class Context
        {
            public Context(string userText, string functionName)
            {
                UserText = userText;
                FunctionName = functionName;
            }

            public string UserText { get; }
            public string FunctionName { get; }
        }
    }
}
