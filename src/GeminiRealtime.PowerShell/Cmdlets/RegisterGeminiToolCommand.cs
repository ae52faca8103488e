using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tools;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// Makes a scriptblock or existing commands available to the model as tools. The parameters schema is inferred from
    /// the param block (or the command's default parameter set); -Parameters replaces it. Sessions connected afterwards
    /// declare the tool in their setup.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "GeminiTool", DefaultParameterSetName = ScriptBlockSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiTool))]
    public sealed class RegisterGeminiToolCommand : PSCmdlet
    {
        private const string ScriptBlockSet = "ScriptBlock";
        private const string CommandSet = "Command";

        /// <summary>The function name the model sees: at most 64 of a-z A-Z 0-9 _ : . -</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptBlockSet)]
        [Parameter(ParameterSetName = CommandSet)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ScriptBlockSet)]
        [ValidateNotNull]
        public ScriptBlock? ScriptBlock { get; set; }

        /// <summary>Commands (names or Get-Command output) to expose; each becomes a tool named like the command.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CommandSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public object[] Command { get; set; } = new object[0];

        /// <summary>What the tool does, for the model. Default: the comment-based help's synopsis.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Description { get; set; }

        /// <summary>A JSON schema (string or hashtable) for the arguments, replacing the inferred one.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Parameters { get; set; }

        [Parameter]
        public GeminiToolBehavior Behavior { get; set; } = GeminiToolBehavior.Blocking;

        [Parameter]
        public GeminiToolScheduling Scheduling { get; set; } = GeminiToolScheduling.WhenIdle;

        /// <summary>Ask the user (ShouldContinue) before every call of this tool, whatever the session's policy.</summary>
        [Parameter]
        public SwitchParameter RequireApproval { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = GeminiTool.DefaultTimeoutSec;

        [Parameter]
        [ValidateRange(1, 20)]
        public int OutputDepth { get; set; } = GeminiTool.DefaultOutputDepth;

        [Parameter]
        [ValidateRange(256, 4 * 1024 * 1024)]
        public int MaxResponseBytes { get; set; } = GeminiTool.DefaultMaxResponseBytes;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ScriptBlockSet)
            {
                Register(Name, () => ToolFactory.FromScriptBlock(Name, ScriptBlock!, Description, Notes()));
                return;
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Name)) && Command.Length != 1)
            {
                WriteError(new ErrorRecord(new ArgumentException("-Name can rename only one command; pass one command, or leave -Name out."),
                    "GeminiToolNameNeedsOneCommand", ErrorCategory.InvalidArgument, Command));
                return;
            }
            foreach (object item in Command)
            {
                CommandInfo? command = Resolve(item);
                if (command == null) continue;
                string name = MyInvocation.BoundParameters.ContainsKey(nameof(Name)) ? Name : command.Name;
                Register(name, () => ToolFactory.FromCommand(name, command, Description, Notes()));
            }
        }

        private List<string>? _notes;

        private List<string> Notes() => _notes = new List<string>();

        private void Register(string name, Func<GeminiTool> build)
        {
            string? problem = ToolNames.Problem(name);
            if (problem != null)
            {
                WriteError(new ErrorRecord(new ArgumentException(problem + " Pass -Name to choose a valid name."), "GeminiInvalidToolName", ErrorCategory.InvalidArgument, name));
                return;
            }
            GeminiTool tool;
            try
            {
                tool = build();
                ApplyOptions(ref tool, name);
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, "GeminiToolSchemaError", ErrorCategory.InvalidArgument, name));
                return;
            }
            if (_notes != null) foreach (string note in _notes) WriteVerbose(note);
            if (!ShouldProcess(name, "Register Gemini tool")) return;
            GeminiTool? replaced = ToolRegistry.Current.Set(tool);
            WriteVerbose($"{(replaced != null ? "Replaced" : "Registered")} tool '{tool.Name}' ({tool.Source}; parameters: {(tool.ParameterNames.Length == 0 ? "none" : string.Join(", ", tool.ParameterNames))}). Sessions connected from now on declare it.");
            if (PassThru) WriteObject(tool);
        }

        private void ApplyOptions(ref GeminiTool tool, string name)
        {
            if (Parameters != null)
            {
                object value = Parameters is PSObject wrapped ? wrapped.BaseObject : Parameters;
                string json = value is string text ? text : ToolOutputJson.ToJsonText(value, 32);
                Schema schema = ToolSchemaJson.Parse(json, out IReadOnlyList<string> dropped);
                foreach (string path in dropped) WriteWarning($"-Parameters: '{path}' is not accepted by the Live API and was left out.");
                var replaced = new GeminiTool(name, tool.Description, schema, tool.Bindings)
                {
                    ScriptBlock = tool.ScriptBlock,
                    Command = tool.Command,
                    Source = tool.Source,
                    ParametersOverridden = true,
                };
                tool = replaced;
            }
            else if (tool.Parameters != null)
            {
                ToolSchemaJson.Check(tool.Parameters, "parameters");
            }
            tool.Behavior = Behavior;
            tool.Scheduling = Scheduling;
            tool.RequireApproval = RequireApproval.IsPresent;
            tool.TimeoutSec = TimeoutSec;
            tool.OutputDepth = OutputDepth;
            tool.MaxResponseBytes = MaxResponseBytes;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Scheduling)) && Behavior != GeminiToolBehavior.NonBlocking)
                WriteWarning($"-Scheduling applies only to -Behavior NonBlocking tools; '{name}' is blocking, so it is ignored.");
        }

        private CommandInfo? Resolve(object item)
        {
            object value = item is PSObject wrapped ? wrapped.BaseObject : item;
            CommandInfo? command = value as CommandInfo;
            if (command == null && value is string text)
            {
                command = InvokeCommand.GetCommand(text, CommandTypes.Function | CommandTypes.Cmdlet | CommandTypes.Alias | CommandTypes.ExternalScript | CommandTypes.Filter);
                if (command == null)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"The command '{text}' was not found. Check the name, or import its module first."),
                        "GeminiToolCommandNotFound", ErrorCategory.ObjectNotFound, text));
                    return null;
                }
            }
            if (command is AliasInfo alias) command = alias.ResolvedCommand;
            if (command == null)
            {
                WriteError(new ErrorRecord(new ArgumentException($"-Command takes command names or Get-Command output, not [{value?.GetType().Name}]."),
                    "GeminiToolCommandInvalid", ErrorCategory.InvalidArgument, value));
                return null;
            }
            if (command is ApplicationInfo)
            {
                WriteError(new ErrorRecord(new ArgumentException($"'{command.Name}' is a native program; wrap it in a scriptblock tool with typed parameters."),
                    "GeminiToolNativeCommand", ErrorCategory.InvalidArgument, command));
                return null;
            }
            return command;
        }
    }
}
