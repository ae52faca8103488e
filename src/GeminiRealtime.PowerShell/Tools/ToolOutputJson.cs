using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>
    /// Converts handler output to JSON with a depth cap (deeper values become their string form, like ConvertTo-Json)
    /// and a size cap (arrays, objects and strings are cut once the budget is spent; the result stays valid JSON and is
    /// marked truncated). Property getters that throw are left out.
    /// </summary>
    internal sealed class ToolOutputJson
    {
        private const int SlackBytes = 64;

        private readonly Utf8JsonWriter _writer;
        private readonly int _maxDepth;
        private readonly int _maxBytes;

        private ToolOutputJson(Utf8JsonWriter writer, int maxDepth, int maxBytes)
        {
            _writer = writer;
            _maxDepth = maxDepth;
            _maxBytes = maxBytes;
        }

        public bool Truncated { get; private set; }

        private long Written => _writer.BytesCommitted + _writer.BytesPending;

        private bool Full => Written >= _maxBytes - SlackBytes;

        /// <summary>
        /// The output as one JSON value: null for no output, the value for one object, an array for several.
        /// </summary>
        public static JsonElement Convert(IList<PSObject?> output, int maxDepth, int maxBytes, out bool truncated)
        {
            using var stream = new MemoryStream();
            bool cut;
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false }))
            {
                var converter = new ToolOutputJson(writer, maxDepth, maxBytes);
                if (output.Count == 0) writer.WriteNullValue();
                else if (output.Count == 1) converter.Write(output[0], 0);
                else
                {
                    writer.WriteStartArray();
                    foreach (PSObject? item in output)
                    {
                        if (converter.Full)
                        {
                            converter.Truncated = true;
                            break;
                        }
                        converter.Write(item, 1);
                    }
                    writer.WriteEndArray();
                }
                cut = converter.Truncated;
            }
            truncated = cut;
            using JsonDocument document = JsonDocument.Parse(stream.ToArray());
            return document.RootElement.Clone();
        }

        /// <summary>Any object (e.g. a -Parameters hashtable) as JSON text, no size cap.</summary>
        public static string ToJsonText(object? value, int maxDepth)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                new ToolOutputJson(writer, maxDepth, int.MaxValue).Write(value, 0);
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private void Write(object? value, int depth)
        {
            if (value is PSObject wrapped)
            {
                object baseObject = wrapped.BaseObject;
                if (baseObject is PSCustomObject)
                {
                    WriteProperties(wrapped, depth);
                    return;
                }
                value = baseObject;
            }
            switch (value)
            {
                case null:
                    _writer.WriteNullValue();
                    return;
                case string s:
                    WriteString(s);
                    return;
                case char c:
                    WriteString(c.ToString());
                    return;
                case bool b:
                    _writer.WriteBooleanValue(b);
                    return;
                case Enum e:
                    WriteString(e.ToString());
                    return;
                case sbyte or byte or short or ushort or int or uint or long:
                    _writer.WriteNumberValue(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    return;
                case ulong ul:
                    _writer.WriteNumberValue(ul);
                    return;
                case float or double:
                    double d = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsNaN(d) || double.IsInfinity(d)) WriteString(d.ToString(CultureInfo.InvariantCulture));
                    else _writer.WriteNumberValue(d);
                    return;
                case decimal m:
                    _writer.WriteNumberValue(m);
                    return;
                case DateTime dt:
                    WriteString(dt.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset dto:
                    WriteString(dto.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case TimeSpan ts:
                    WriteString(ts.ToString("c", CultureInfo.InvariantCulture));
                    return;
                case Guid or Uri or Version:
                    WriteString(value.ToString()!);
                    return;
                case ScriptBlock block:
                    WriteString(block.ToString());
                    return;
            }
            if (depth >= _maxDepth)
            {
                WriteString(SafeToString(value));
                return;
            }
            if (value is IDictionary dictionary)
            {
                _writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (Full)
                    {
                        Truncated = true;
                        break;
                    }
                    _writer.WritePropertyName(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    Write(entry.Value, depth + 1);
                }
                _writer.WriteEndObject();
                return;
            }
            if (value is IEnumerable items)
            {
                _writer.WriteStartArray();
                foreach (object? item in items)
                {
                    if (Full)
                    {
                        Truncated = true;
                        break;
                    }
                    Write(item, depth + 1);
                }
                _writer.WriteEndArray();
                return;
            }
            WriteProperties(PSObject.AsPSObject(value!), depth);
        }

        private void WriteProperties(PSObject item, int depth)
        {
            if (depth >= _maxDepth)
            {
                WriteString(SafeToString(item));
                return;
            }
            _writer.WriteStartObject();
            foreach (PSPropertyInfo property in item.Properties)
            {
                if (Full)
                {
                    Truncated = true;
                    break;
                }
                if (!property.IsGettable) continue;
                if ((property.MemberType & (PSMemberTypes.Property | PSMemberTypes.NoteProperty)) == 0) continue;
                object? propertyValue;
                try
                {
                    propertyValue = property.Value;
                }
                catch (Exception ex) when (ex is GetValueException || ex is ExtendedTypeSystemException || ex is InvalidOperationException || ex is NotSupportedException)
                {
                    continue; // A getter that throws (e.g. a process that exited) has no value to report.
                }
                _writer.WritePropertyName(property.Name);
                Write(propertyValue, depth + 1);
            }
            _writer.WriteEndObject();
        }

        private void WriteString(string text)
        {
            long room = _maxBytes - SlackBytes - Written;
            // UTF-8 needs up to 3 bytes per UTF-16 unit; escapes more. Cut conservatively when it may not fit.
            if (room <= 0)
            {
                Truncated = true;
                _writer.WriteStringValue(string.Empty);
                return;
            }
            if ((long)text.Length * 3 > room && Encoding.UTF8.GetByteCount(text) > room)
            {
                int keep = (int)Math.Max(0, Math.Min(text.Length, room / 3));
                if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;
                text = text.Substring(0, keep) + "…";
                Truncated = true;
            }
            _writer.WriteStringValue(text);
        }

        private static string SafeToString(object? value)
        {
            try
            {
                return value?.ToString() ?? string.Empty;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is NotSupportedException || ex is ExtendedTypeSystemException)
            {
                return value?.GetType().FullName ?? string.Empty;
            }
        }
    }
}
