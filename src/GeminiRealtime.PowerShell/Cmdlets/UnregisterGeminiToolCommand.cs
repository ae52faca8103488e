using System.Management.Automation;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Tools;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Removes tools from the registry. Sessions already connected keep what they declared.</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "GeminiTool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiTool))]
    public sealed class UnregisterGeminiToolCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ToolNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        /// <summary>Return the removed tool objects.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ToolRegistry registry = ToolRegistry.Current;
            foreach (string name in Name)
            {
                var matches = registry.Match(name);
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No tool named '{name}' is registered (see Get-GeminiTool)."),
                        "GeminiToolNotFound", ErrorCategory.ObjectNotFound, name));
                    continue;
                }
                foreach (GeminiTool tool in matches)
                {
                    if (!ShouldProcess(tool.Name, "Unregister Gemini tool")) continue;
                    if (!registry.Remove(tool)) continue;   // already removed by an earlier -Name in this call
                    WriteVerbose($"Unregistered tool '{tool.Name}'. Sessions already connected still declare it; reconnect to drop it.");
                    if (PassThru) WriteObject(tool);
                }
            }
        }
    }
}
