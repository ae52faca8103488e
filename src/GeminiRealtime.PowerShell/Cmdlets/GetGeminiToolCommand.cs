using System.Management.Automation;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Lists registered tools (what the next Connect-GeminiRealtime declares), or the tools a session declared.</summary>
    [Cmdlet(VerbsCommon.Get, "GeminiTool")]
    [OutputType(typeof(GeminiTool))]
    public sealed class GetGeminiToolCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ToolNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Show what this session declared in its setup instead of the registry.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [ValidateNotNull]
        public IGeminiSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            var tools = Session != null ? new System.Collections.Generic.List<GeminiTool>(SessionTools.For(Session).Tools) : new System.Collections.Generic.List<GeminiTool>(ToolRegistry.Current.All);
            if (Name == null)
            {
                WriteObject(tools, enumerateCollection: true);
                return;
            }
            foreach (string name in Name)
            {
                var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                bool found = false;
                foreach (GeminiTool tool in tools)
                {
                    if (!pattern.IsMatch(tool.Name)) continue;
                    found = true;
                    WriteObject(tool);
                }
                if (!found && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No tool named '{name}' is {(Session != null ? "declared in session " + Session.Id : "registered")}. Register it with Register-GeminiTool."),
                        "GeminiToolNotFound", ErrorCategory.ObjectNotFound, name));
                }
            }
        }
    }
}
