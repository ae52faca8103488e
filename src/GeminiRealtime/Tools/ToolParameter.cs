using System;
using System.Collections.Generic;

namespace GeminiRealtime.Tools
{
    /// <summary>
    /// One parameter of a tool, described without PowerShell types: what <see cref="ToolSchemaBuilder"/> turns into a
    /// property of the function's <c>parameters</c> schema. The cmdlet layer fills it from a param block or a command.
    /// </summary>
    public sealed class ToolParameter
    {
        public ToolParameter(string name, Type type)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Type = type ?? typeof(object);
        }

        /// <summary>The property name the model sees (the PowerShell parameter name).</summary>
        public string Name { get; }

        /// <summary>The parameter's .NET type (a switch is passed as <see cref="bool"/>).</summary>
        public Type Type { get; }

        public bool Mandatory { get; set; }

        public string? Description { get; set; }

        /// <summary>Allowed values (from <c>[ValidateSet]</c>); enum types supply their names themselves.</summary>
        public IReadOnlyList<string>? AllowedValues { get; set; }

        /// <summary>Whether <see cref="DefaultValue"/> holds a constant default (null is a valid default).</summary>
        public bool HasDefault { get; set; }

        /// <summary>A constant default: a string, number, bool, enum, array of those, or a dictionary (nested object).</summary>
        public object? DefaultValue { get; set; }

        public override string ToString() => (Mandatory ? "*" : string.Empty) + Name + ": " + Type.Name;
    }
}
