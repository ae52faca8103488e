using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>Turns the model's JSON arguments into PowerShell values and into what the handler is invoked with.</summary>
    internal static class ToolArguments
    {
        /// <summary>The arguments as a case-insensitive hashtable (objects → hashtables, arrays → object[], whole numbers → long).</summary>
        public static Hashtable ToHashtable(JsonElement? arguments)
        {
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            if (arguments is JsonElement element && element.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in element.EnumerateObject()) table[property.Name] = ToValue(property.Value);
            }
            return table;
        }

        public static object? ToValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out long whole)) return whole;
                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Array:
                    var items = new List<object?>();
                    foreach (JsonElement item in element.EnumerateArray()) items.Add(ToValue(item));
                    return items.ToArray();
                case JsonValueKind.Object:
                    var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (JsonProperty property in element.EnumerateObject()) table[property.Name] = ToValue(property.Value);
                    return table;
                default:
                    return null;
            }
        }

        /// <summary>The required properties the model left out.</summary>
        public static List<string> MissingRequired(GeminiTool tool, Hashtable arguments)
        {
            var missing = new List<string>();
            if (tool.Parameters?.Required == null) return missing;
            foreach (string name in tool.Parameters.Required)
            {
                if (!arguments.ContainsKey(name) || arguments[name] == null) missing.Add(name);
            }
            return missing;
        }

        /// <summary>
        /// Positional arguments for <c>ScriptBlock.InvokeWithContext</c>, which binds by declaration order. Arguments run up
        /// to the last parameter the model gave; a parameter left out before it gets its constant default (a switch:
        /// $false), or $null when its default is an expression. Parameters after it keep their own defaults.
        /// </summary>
        public static object?[] Positional(GeminiTool tool, Hashtable arguments)
        {
            IReadOnlyList<ToolParameterBinding> bindings = tool.Bindings;
            int last = -1;
            for (int i = 0; i < bindings.Count; i++)
            {
                if (arguments.ContainsKey(bindings[i].Name)) last = i;
            }
            var values = new object?[last + 1];
            for (int i = 0; i <= last; i++)
            {
                ToolParameterBinding binding = bindings[i];
                if (arguments.ContainsKey(binding.Name)) values[i] = arguments[binding.Name];
                else if (binding.HasDefault) values[i] = binding.DefaultValue;
                else if (binding.IsSwitch) values[i] = new SwitchParameter(false);
                else values[i] = null;
            }
            return values;
        }

        /// <summary>Named arguments for splatting a command (only its known parameters).</summary>
        public static Hashtable Named(GeminiTool tool, Hashtable arguments)
        {
            var splat = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (ToolParameterBinding binding in tool.Bindings)
            {
                if (arguments.ContainsKey(binding.Name)) splat[binding.Name] = arguments[binding.Name];
            }
            return splat;
        }

        /// <summary>Argument names the model sent that the tool does not have.</summary>
        public static List<string> Unknown(GeminiTool tool, Hashtable arguments)
        {
            var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (ToolParameterBinding binding in tool.Bindings) known.Add(binding.Name);
            var unknown = new List<string>();
            foreach (object key in arguments.Keys)
            {
                string name = key.ToString() ?? string.Empty;
                if (!known.Contains(name)) unknown.Add(name);
            }
            return unknown;
        }
    }
}
