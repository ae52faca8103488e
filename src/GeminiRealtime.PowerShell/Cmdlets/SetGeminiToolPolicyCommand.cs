using System.Management.Automation;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// Sets which model-requested tool calls run: Auto, Confirm (ask before each) or Deny. Without -Session it sets the
    /// runspace default (used by every session connected without -ToolPolicy); with -Session only that session's policy.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "GeminiToolPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiToolPolicy))]
    public sealed class SetGeminiToolPolicyCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public GeminiToolPolicy Policy { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [ValidateNotNull]
        public IGeminiSession? Session { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (Session != null)
            {
                if (!ShouldProcess($"session {Session.Id}", $"Set the tool policy to {Policy}")) return;
                SessionTools.For(Session).Policy = Policy;
                WriteVerbose($"Session {Session.Id}: tool policy is now {Policy}.");
            }
            else
            {
                if (!ShouldProcess("this PowerShell session (default for every Gemini session without its own policy)", $"Set the tool policy to {Policy}")) return;
                ToolRegistry.Current.DefaultPolicy = Policy;
                WriteVerbose($"Default tool policy is now {Policy} (sessions connected with -ToolPolicy keep theirs).");
            }
            if (PassThru) WriteObject(Policy);
        }
    }
}
