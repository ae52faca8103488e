using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tools
{
    /// <summary>
    /// Reads a user-written JSON schema (the <c>-Parameters</c> override) into the <see cref="Schema"/> subset the Live
    /// API accepts, and writes schemas and declarations back as JSON. Keys outside the subset make the service close
    /// with 1007 (protocol.md §4.1.2), so they are refused here with the path and the list of allowed keys — except
    /// pure annotations (<c>$schema</c>, <c>$id</c>, <c>$comment</c>, <c>additionalProperties</c>), which are dropped
    /// and reported. Lower-case JSON-schema types are upper-cased; <c>"type": ["string", "null"]</c> becomes
    /// <c>STRING</c> + <c>nullable</c>.
    /// </summary>
    public static class ToolSchemaJson
    {
        /// <summary>The schema keys the service accepts (camelCase; snake_case spellings are accepted too).</summary>
        public static readonly IReadOnlyList<string> AllowedKeys = new[]
        {
            "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties", "required",
            "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering",
            "default", "items", "minimum", "maximum",
        };

        /// <summary>Annotation keys that carry no meaning for the model: dropped (and reported) instead of refused.</summary>
        public static readonly IReadOnlyList<string> DroppedKeys = new[] { "$schema", "$id", "$comment", "additionalProperties" };

        /// <summary>Parses and checks a <c>parameters</c> schema (its root must be an object schema).</summary>
        /// <param name="json">The schema as JSON text.</param>
        /// <param name="dropped">Paths of annotation keys that were left out.</param>
        /// <exception cref="ArgumentException">Not JSON, not an object schema, or a key/value the service would refuse.</exception>
        public static Schema Parse(string json, out IReadOnlyList<string> dropped)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException ex)
            {
                throw new ArgumentException("-Parameters is not valid JSON: " + ex.Message, nameof(json), ex);
            }
            using (document)
            {
                var droppedList = new List<string>();
                Schema schema = Read(document.RootElement, "parameters", droppedList, 0);
                if (schema.Type != SchemaType.Object)
                {
                    throw new ArgumentException($"The parameters schema must be an object schema (\"type\": \"object\" with \"properties\"), not {schema.Type ?? "untyped"}.", nameof(json));
                }
                Check(schema, "parameters");
                dropped = droppedList;
                return schema;
            }
        }

        /// <summary>Checks the rules the service applies to a schema (enum only on STRING, ARRAY needs items, required names defined, OBJECT needs properties).</summary>
        /// <exception cref="ArgumentException">A rule is broken; the message names the path.</exception>
        public static void Check(Schema schema, string path)
        {
            if (schema.Enum != null && schema.Enum.Count > 0 && schema.Type != SchemaType.String)
                throw new ArgumentException($"{path}.enum: only allowed for STRING type (the schema says {schema.Type ?? "no type"}).");
            if (schema.Type == SchemaType.Array && schema.Items == null)
                throw new ArgumentException($"{path}.items: an ARRAY needs an items schema.");
            if (schema.Type == SchemaType.Object && (schema.Properties == null || schema.Properties.Count == 0))
                throw new ArgumentException($"{path}.properties: an OBJECT needs at least one property.");
            if (schema.Required != null)
            {
                foreach (string name in schema.Required)
                {
                    if (schema.Properties == null || !schema.Properties.ContainsKey(name))
                        throw new ArgumentException($"{path}.required: '{name}' is not one of the properties.");
                }
            }
            if (schema.Properties != null)
            {
                foreach (KeyValuePair<string, Schema> property in schema.Properties) Check(property.Value, path + ".properties." + property.Key);
            }
            if (schema.Items != null) Check(schema.Items, path + ".items");
            if (schema.AnyOf != null)
            {
                for (int i = 0; i < schema.AnyOf.Count; i++) Check(schema.AnyOf[i], $"{path}.anyOf[{i}]");
            }
        }

        /// <summary>A schema as JSON exactly as it goes on the wire (camelCase, nulls left out).</summary>
        public static string Serialize(Schema schema, bool indented = false) =>
            Format(JsonSerializer.SerializeToUtf8Bytes(schema, ProtocolJson.Context.Schema), indented);

        /// <summary>A function declaration as JSON exactly as it goes into <c>setup.tools[].functionDeclarations[]</c>.</summary>
        public static string Serialize(FunctionDeclaration declaration, bool indented = false) =>
            Format(JsonSerializer.SerializeToUtf8Bytes(declaration, ProtocolJson.Context.FunctionDeclaration), indented);

        private static string Format(byte[] json, bool indented)
        {
            if (!indented) return Encoding.UTF8.GetString(json);
            using JsonDocument document = JsonDocument.Parse(json);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                document.RootElement.WriteTo(writer);
            }
            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n");
        }

        private static Schema Read(JsonElement element, string path, List<string> dropped, int depth)
        {
            if (element.ValueKind != JsonValueKind.Object) throw new ArgumentException($"{path}: a schema must be a JSON object, not {element.ValueKind}.");
            if (depth > 32) throw new ArgumentException($"{path}: the schema is nested too deeply.");
            var schema = new Schema();
            bool hasProperties = false, hasItems = false;
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string key = Camel(property.Name);
                string at = path + "." + property.Name;
                JsonElement value = property.Value;
                if (DroppedKeys.Contains(property.Name))
                {
                    dropped.Add(at);
                    continue;
                }
                switch (key)
                {
                    case "type":
                        ReadType(value, at, schema);
                        break;
                    case "format":
                        schema.Format = String(value, at);
                        break;
                    case "title":
                        schema.Title = String(value, at);
                        break;
                    case "description":
                        schema.Description = String(value, at);
                        break;
                    case "nullable":
                        schema.Nullable = Bool(value, at);
                        break;
                    case "enum":
                        schema.Enum = Strings(value, at);
                        break;
                    case "pattern":
                        schema.Pattern = String(value, at);
                        break;
                    case "maxItems":
                        schema.MaxItems = Long(value, at);
                        break;
                    case "minItems":
                        schema.MinItems = Long(value, at);
                        break;
                    case "minProperties":
                        schema.MinProperties = Long(value, at);
                        break;
                    case "maxProperties":
                        schema.MaxProperties = Long(value, at);
                        break;
                    case "minLength":
                        schema.MinLength = Long(value, at);
                        break;
                    case "maxLength":
                        schema.MaxLength = Long(value, at);
                        break;
                    case "minimum":
                        schema.Minimum = Double(value, at);
                        break;
                    case "maximum":
                        schema.Maximum = Double(value, at);
                        break;
                    case "example":
                        schema.Example = value.Clone();
                        break;
                    case "default":
                        schema.Default = value.Clone();
                        break;
                    case "required":
                        schema.Required = Strings(value, at);
                        break;
                    case "propertyOrdering":
                        schema.PropertyOrdering = Strings(value, at);
                        break;
                    case "items":
                        schema.Items = Read(value, at, dropped, depth + 1);
                        hasItems = true;
                        break;
                    case "anyOf":
                        if (value.ValueKind != JsonValueKind.Array) throw new ArgumentException($"{at}: expected an array of schemas.");
                        schema.AnyOf = new List<Schema>();
                        int i = 0;
                        foreach (JsonElement item in value.EnumerateArray()) schema.AnyOf.Add(Read(item, $"{at}[{i++}]", dropped, depth + 1));
                        break;
                    case "properties":
                        if (value.ValueKind != JsonValueKind.Object) throw new ArgumentException($"{at}: expected an object of property schemas.");
                        schema.Properties = new Dictionary<string, Schema>(StringComparer.Ordinal);
                        foreach (JsonProperty child in value.EnumerateObject()) schema.Properties[child.Name] = Read(child.Value, at + "." + child.Name, dropped, depth + 1);
                        hasProperties = true;
                        break;
                    default:
                        throw new ArgumentException(
                            $"{at}: the Live API does not accept the schema key '{property.Name}' (it would close the session with 1007). Allowed keys: {string.Join(", ", AllowedKeys)}.");
                }
            }
            if (schema.Type == null && hasProperties) schema.Type = SchemaType.Object;
            if (schema.Type == null && hasItems) schema.Type = SchemaType.Array;
            return schema;
        }

        private static void ReadType(JsonElement value, string at, Schema schema)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                schema.Type = TypeName(value.GetString()!, at);
                return;
            }
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in value.EnumerateArray())
                {
                    string name = TypeName(item.ValueKind == JsonValueKind.String ? item.GetString()! : string.Empty, at);
                    if (name == SchemaType.Null) schema.Nullable = true;
                    else if (schema.Type == null) schema.Type = name;
                    else throw new ArgumentException($"{at}: only one non-null type is allowed (use anyOf for alternatives).");
                }
                return;
            }
            throw new ArgumentException($"{at}: expected a type name such as \"string\".");
        }

        private static string TypeName(string name, string at)
        {
            string upper = name.ToUpperInvariant();
            if (upper == "TYPE_UNSPECIFIED" || Array.IndexOf(SchemaType.Values, upper) < 0)
                throw new ArgumentException($"{at}: unknown type '{name}'; use string, number, integer, boolean, array or object.");
            return upper;
        }

        private static string Camel(string key)
        {
            if (key.IndexOf('_') < 0) return key;
            var builder = new StringBuilder(key.Length);
            bool upper = false;
            foreach (char c in key)
            {
                if (c == '_')
                {
                    upper = true;
                    continue;
                }
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            return builder.ToString();
        }

        private static string String(JsonElement value, string at) =>
            value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ArgumentException($"{at}: expected a string.");

        private static bool Bool(JsonElement value, string at) => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ArgumentException($"{at}: expected true or false."),
        };

        private static long Long(JsonElement value, string at)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number)) return number;
            if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out number)) return number;
            throw new ArgumentException($"{at}: expected a whole number.");
        }

        private static double Double(JsonElement value, string at) =>
            value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new ArgumentException($"{at}: expected a number.");

        private static List<string> Strings(JsonElement value, string at)
        {
            if (value.ValueKind != JsonValueKind.Array) throw new ArgumentException($"{at}: expected an array of strings.");
            var list = new List<string>();
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) throw new ArgumentException($"{at}: every item must be a string (enum values are strings on the Live API).");
                list.Add(item.GetString()!);
            }
            return list;
        }
    }
}
