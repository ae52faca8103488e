using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text.Json;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tools
{
    /// <summary>
    /// Turns tool parameters (.NET types, mandatory flags, allowed values, constant defaults, descriptions) into the
    /// OpenAPI-subset <see cref="Schema"/> the Live API accepts (protocol.md §4.1.2). Only keys the service knows are
    /// ever set: <c>type</c>, <c>format</c>, <c>description</c>, <c>enum</c>, <c>items</c>, <c>properties</c>,
    /// <c>required</c>, <c>default</c>.
    /// </summary>
    /// <remarks>
    /// Mapping: string, char, Guid, Uri, Version, TimeSpan → STRING; DateTime/DateTimeOffset → STRING (format date-time);
    /// bool → BOOLEAN; integral types → INTEGER (int32/int64 formats); float/double/decimal → NUMBER; enums and
    /// <c>[ValidateSet]</c> → STRING with <c>enum</c>; arrays and generic collections → ARRAY of the element's schema;
    /// dictionaries → OBJECT whose properties come from a constant dictionary default (nested dictionaries nest);
    /// <see cref="object"/> and other classes → STRING when <c>lenient</c> (PowerShell converts the text), else not representable.
    /// </remarks>
    public static class ToolSchemaBuilder
    {
        private const int MaxNesting = 8;

        /// <summary>The <c>parameters</c> schema for a function, or null when it takes no parameters.</summary>
        /// <exception cref="ArgumentException">A parameter cannot be expressed (the message says which and what to do).</exception>
        public static Schema? Build(IEnumerable<ToolParameter> parameters, bool lenient = true)
        {
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            var properties = new Dictionary<string, Schema>(StringComparer.Ordinal);
            var required = new List<string>();
            foreach (ToolParameter parameter in parameters)
            {
                if (properties.ContainsKey(parameter.Name)) throw new ArgumentException($"The parameter '{parameter.Name}' is listed twice.", nameof(parameters));
                properties.Add(parameter.Name, ForParameter(parameter, lenient));
                if (parameter.Mandatory) required.Add(parameter.Name);
            }
            if (properties.Count == 0) return null;
            return new Schema
            {
                Type = SchemaType.Object,
                Properties = properties,
                Required = required.Count > 0 ? required : null,
            };
        }

        /// <summary>The schema of one parameter.</summary>
        /// <exception cref="ArgumentException">The type cannot be expressed.</exception>
        public static Schema ForParameter(ToolParameter parameter, bool lenient = true)
        {
            if (parameter == null) throw new ArgumentNullException(nameof(parameter));
            Schema? schema = ForType(parameter.Type, lenient, parameter.HasDefault ? parameter.DefaultValue : null, 0);
            if (schema == null)
            {
                throw new ArgumentException(
                    $"The parameter '{parameter.Name}' has the type [{parameter.Type.FullName}], which a JSON tool call cannot carry. Use a string, number, bool, enum, array or hashtable parameter, or describe it with -Parameters.");
            }
            if (schema.Type == SchemaType.Object && (schema.Properties == null || schema.Properties.Count == 0))
            {
                throw new ArgumentException(
                    $"The parameter '{parameter.Name}' is a hashtable whose keys are unknown; the service needs OBJECT properties. Give it a default like @{{ Name = ''; Count = 0 }} (nested hashtables nest), or describe it with -Parameters.");
            }

            if (parameter.AllowedValues != null && parameter.AllowedValues.Count > 0)
            {
                // enum is only allowed on STRING: a [ValidateSet] makes the value a string (PowerShell converts it back).
                Schema target = schema.Type == SchemaType.Array && schema.Items != null ? schema.Items : schema;
                target.Type = SchemaType.String;
                target.Format = null;
                target.Enum = new List<string>(parameter.AllowedValues);
            }
            if (!string.IsNullOrWhiteSpace(parameter.Description)) schema.Description = parameter.Description!.Trim();
            if (parameter.HasDefault && parameter.DefaultValue != null && schema.Type != SchemaType.Object)
            {
                JsonElement? value = ToJson(parameter.DefaultValue, 0);
                if (value.HasValue && FitsType(value.Value, schema)) schema.Default = value;
            }
            return schema;
        }

        /// <summary>Whether values of <paramref name="type"/> can travel in a tool call without a lenient string conversion.</summary>
        public static bool IsRepresentable(Type type) => ForType(type, lenient: false, defaultValue: null, depth: 0) != null;

        /// <summary>The schema for a .NET type (null when it cannot be expressed).</summary>
        public static Schema? ForType(Type type, bool lenient, object? defaultValue, int depth)
        {
            if (type == null) throw new ArgumentNullException(nameof(type));
            Type? underlying = Nullable.GetUnderlyingType(type);
            if (underlying != null) type = underlying;

            if (type.IsEnum)
            {
                return new Schema { Type = SchemaType.String, Enum = new List<string>(Enum.GetNames(type)) };
            }
            switch (Type.GetTypeCode(type))
            {
                case TypeCode.String:
                case TypeCode.Char:
                    return new Schema { Type = SchemaType.String };
                case TypeCode.Boolean:
                    return new Schema { Type = SchemaType.Boolean };
                case TypeCode.SByte:
                case TypeCode.Byte:
                case TypeCode.Int16:
                case TypeCode.UInt16:
                case TypeCode.Int32:
                    return new Schema { Type = SchemaType.Integer, Format = "int32" };
                case TypeCode.UInt32:
                case TypeCode.Int64:
                case TypeCode.UInt64:
                    return new Schema { Type = SchemaType.Integer, Format = "int64" };
                case TypeCode.Single:
                    return new Schema { Type = SchemaType.Number, Format = "float" };
                case TypeCode.Double:
                    return new Schema { Type = SchemaType.Number, Format = "double" };
                case TypeCode.Decimal:
                    return new Schema { Type = SchemaType.Number };
                case TypeCode.DateTime:
                    return new Schema { Type = SchemaType.String, Format = "date-time" };
            }
            if (type == typeof(DateTimeOffset)) return new Schema { Type = SchemaType.String, Format = "date-time" };
            if (type == typeof(BigInteger)) return new Schema { Type = SchemaType.Integer };
            if (type == typeof(Guid) || type == typeof(Uri) || type == typeof(Version) || type == typeof(TimeSpan)) return new Schema { Type = SchemaType.String };

            if (typeof(IDictionary).IsAssignableFrom(type) || IsGenericDictionary(type))
            {
                var schema = new Schema { Type = SchemaType.Object };
                if (defaultValue is IDictionary dictionary && depth < MaxNesting) FillProperties(schema, dictionary, depth + 1);
                return schema;
            }

            Type? element = ElementType(type);
            if (element != null)
            {
                if (depth >= MaxNesting) return null;
                object? firstDefault = null;
                if (defaultValue is IEnumerable items && !(defaultValue is string))
                {
                    foreach (object? item in items)
                    {
                        firstDefault = item;
                        break;
                    }
                }
                Schema? itemSchema = element == typeof(object) && firstDefault != null
                    ? ForValue(firstDefault, depth + 1)
                    : ForType(element, lenient, firstDefault, depth + 1);
                if (itemSchema == null) return null;
                return new Schema { Type = SchemaType.Array, Items = itemSchema };
            }

            // object (an untyped PowerShell parameter) and other classes: text that PowerShell converts on binding.
            return lenient ? new Schema { Type = SchemaType.String } : null;
        }

        /// <summary>The schema of a constant value (nested dictionaries become nested objects).</summary>
        public static Schema? ForValue(object? value, int depth)
        {
            if (value == null) return new Schema { Type = SchemaType.String };
            if (value is IDictionary dictionary)
            {
                var schema = new Schema { Type = SchemaType.Object };
                if (depth < MaxNesting) FillProperties(schema, dictionary, depth + 1);
                return schema;
            }
            if (value is IEnumerable items && !(value is string))
            {
                object? first = null;
                foreach (object? item in items)
                {
                    first = item;
                    break;
                }
                Schema? itemSchema = first != null ? ForValue(first, depth + 1) : ForType(ElementType(value.GetType()) ?? typeof(string), true, null, depth + 1);
                return new Schema { Type = SchemaType.Array, Items = itemSchema ?? new Schema { Type = SchemaType.String } };
            }
            return ForType(value.GetType(), true, null, depth);
        }

        private static void FillProperties(Schema schema, IDictionary dictionary, int depth)
        {
            var properties = new Dictionary<string, Schema>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in dictionary)
            {
                string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (key.Length == 0 || properties.ContainsKey(key)) continue;
                Schema? property = ForValue(entry.Value, depth);
                if (property == null) continue;
                if (property.Type == SchemaType.Object && (property.Properties == null || property.Properties.Count == 0)) continue;
                if (entry.Value != null && property.Type != SchemaType.Object)
                {
                    JsonElement? example = ToJson(entry.Value, 0);
                    if (example.HasValue && FitsType(example.Value, property)) property.Default = example;
                }
                properties.Add(key, property);
            }
            if (properties.Count > 0) schema.Properties = properties;
        }

        private static bool IsGenericDictionary(Type type)
        {
            foreach (Type candidate in type.GetInterfaces())
            {
                if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>)) return true;
            }
            return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>);
        }

        /// <summary>The element type of an array or collection (not string), else null.</summary>
        public static Type? ElementType(Type type)
        {
            if (type == typeof(string)) return null;
            if (type.IsArray) return type.GetElementType();
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return type.GetGenericArguments()[0];
            foreach (Type candidate in type.GetInterfaces())
            {
                if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return candidate.GetGenericArguments()[0];
            }
            if (typeof(IList).IsAssignableFrom(type)) return typeof(object);
            return null;
        }

        private static bool FitsType(JsonElement value, Schema schema)
        {
            switch (schema.Type)
            {
                case SchemaType.String:
                    if (value.ValueKind != JsonValueKind.String) return false;
                    return schema.Enum == null || schema.Enum.Contains(value.GetString()!);
                case SchemaType.Integer:
                    return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _);
                case SchemaType.Number:
                    return value.ValueKind == JsonValueKind.Number;
                case SchemaType.Boolean:
                    return value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False;
                case SchemaType.Array:
                    if (value.ValueKind != JsonValueKind.Array) return false;
                    foreach (JsonElement item in value.EnumerateArray())
                    {
                        if (schema.Items == null || !FitsType(item, schema.Items)) return false;
                    }
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A constant as JSON (strings, numbers, bools, enums by name, arrays of those); null when it has no JSON form.</summary>
        public static JsonElement? ToJson(object value, int depth)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                if (!TryWrite(writer, value, depth)) return null;
            }
            using JsonDocument document = JsonDocument.Parse(stream.ToArray());
            return document.RootElement.Clone();
        }

        private static bool TryWrite(Utf8JsonWriter writer, object? value, int depth)
        {
            switch (value)
            {
                case null:
                    return false;
                case string s:
                    writer.WriteStringValue(s);
                    return true;
                case char c:
                    writer.WriteStringValue(c.ToString());
                    return true;
                case bool b:
                    writer.WriteBooleanValue(b);
                    return true;
                case Enum e:
                    writer.WriteStringValue(e.ToString());
                    return true;
                case sbyte or byte or short or ushort or int or uint or long:
                    writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    return true;
                case ulong ul:
                    writer.WriteNumberValue(ul);
                    return true;
                case float or double:
                    double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsNaN(d) || double.IsInfinity(d)) return false;
                    writer.WriteNumberValue(d);
                    return true;
                case decimal m:
                    writer.WriteNumberValue(m);
                    return true;
                case IEnumerable items when depth < MaxNesting && !(value is IDictionary):
                    writer.WriteStartArray();
                    foreach (object? item in items)
                    {
                        if (!TryWrite(writer, item, depth + 1)) return false;
                    }
                    writer.WriteEndArray();
                    return true;
                default:
                    return false;
            }
        }
    }
}
