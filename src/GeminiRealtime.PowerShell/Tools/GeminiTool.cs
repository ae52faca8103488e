using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tools;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>
    /// A PowerShell scriptblock or command the model may call: its declaration (name, description, parameters schema,
    /// behaviour) and how it runs (timeout, output caps, approval). Created by Register-GeminiTool; shown by Get-GeminiTool.
    /// </summary>
    public sealed class GeminiTool
    {
        internal GeminiTool(string name, string description, Schema? parameters, IReadOnlyList<ToolParameterBinding> bindings)
        {
            Name = name;
            Description = description;
            Parameters = parameters;
            Bindings = bindings;
            RegisteredAt = DateTimeOffset.Now;
        }

        public string Name { get; }
        public string Description { get; }
        /// <summary>"ScriptBlock", or the command type and name (e.g. "Cmdlet Get-Process").</summary>
        public string Source { get; internal set; } = "ScriptBlock";
        public ScriptBlock? ScriptBlock { get; internal set; }
        public CommandInfo? Command { get; internal set; }
        public GeminiToolBehavior Behavior { get; internal set; } = GeminiToolBehavior.Blocking;
        /// <summary>How answers of a NON_BLOCKING tool are scheduled (ignored for BLOCKING).</summary>
        public GeminiToolScheduling Scheduling { get; internal set; } = GeminiToolScheduling.WhenIdle;
        public bool RequireApproval { get; internal set; }
        /// <summary>The handler is stopped after this many seconds and the model gets an error.</summary>
        public int TimeoutSec { get; internal set; } = DefaultTimeoutSec;
        /// <summary>How deep handler output objects are converted to JSON (deeper values become their string form).</summary>
        public int OutputDepth { get; internal set; } = DefaultOutputDepth;
        /// <summary>The most JSON the answer may carry; longer output is cut and marked truncated.</summary>
        public int MaxResponseBytes { get; internal set; } = DefaultMaxResponseBytes;
        /// <summary>True when -Parameters replaced the inferred schema.</summary>
        public bool ParametersOverridden { get; internal set; }
        /// <summary>The <c>parameters</c> schema sent to the service (null: the tool takes no arguments).</summary>
        public Schema? Parameters { get; }
        public DateTimeOffset RegisteredAt { get; }

        /// <summary>The parameter names, required ones marked with '*'.</summary>
        public string[] ParameterNames
        {
            get
            {
                if (Parameters?.Properties == null) return new string[0];
                var names = new List<string>();
                foreach (string name in Parameters.Properties.Keys)
                    names.Add(Parameters.Required != null && Parameters.Required.Contains(name) ? name + "*" : name);
                return names.ToArray();
            }
        }

        /// <summary>The parameters schema as indented JSON, exactly as declared.</summary>
        public string ParametersJson => Parameters == null ? "{}" : ToolSchemaJson.Serialize(Parameters, indented: true);

        /// <summary>The whole function declaration as it goes into <c>setup</c> (behaviour as registered).</summary>
        public string DeclarationJson => ToolSchemaJson.Serialize(ToDeclaration(Behavior), indented: true);

        internal IReadOnlyList<ToolParameterBinding> Bindings { get; }

        internal const int DefaultTimeoutSec = 30;
        internal const int DefaultOutputDepth = 3;
        internal const int DefaultMaxResponseBytes = 32 * 1024;

        /// <summary>The declaration for <c>setup.tools</c> with the given effective behaviour.</summary>
        public FunctionDeclaration ToDeclaration(GeminiToolBehavior behavior) => new FunctionDeclaration
        {
            Name = Name,
            Description = Description,
            Parameters = Parameters,
            Behavior = behavior == GeminiToolBehavior.NonBlocking ? FunctionBehavior.NonBlocking : null,
        };

        public override string ToString() => Name;
    }

    /// <summary>How one schema property reaches the handler: its PowerShell parameter and the default used to fill a positional gap.</summary>
    internal sealed class ToolParameterBinding
    {
        public ToolParameterBinding(string name, Type type, bool isSwitch, bool hasDefault, object? defaultValue)
        {
            Name = name;
            Type = type;
            IsSwitch = isSwitch;
            HasDefault = hasDefault;
            DefaultValue = defaultValue;
        }

        public string Name { get; }
        public Type Type { get; }
        public bool IsSwitch { get; }
        public bool HasDefault { get; }
        public object? DefaultValue { get; }
    }
}
