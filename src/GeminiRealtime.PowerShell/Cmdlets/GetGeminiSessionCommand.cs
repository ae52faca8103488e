using System.Linq;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Lists the sessions of this process, or the default one.</summary>
    [Cmdlet(VerbsCommon.Get, "GeminiSession", DefaultParameterSetName = "All")]
    [OutputType(typeof(GeminiConversation), typeof(GeminiSession))]
    public sealed class GetGeminiSessionCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "Id", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public int[] Id { get; set; } = new int[0];

        [Parameter(ParameterSetName = "Default", Mandatory = true)]
        public SwitchParameter Default { get; set; }

        /// <summary>Include sessions that are already closed.</summary>
        [Parameter(ParameterSetName = "All")]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case "Default":
                    if (SessionRegistry.Default is IGeminiSession current) WriteObject(current);
                    break;
                case "Id":
                    foreach (int id in Id)
                    {
                        IGeminiSession? match = SessionRegistry.All.FirstOrDefault(s => s.Id == id);
                        if (match != null) WriteObject(match);
                        else WriteError(new ErrorRecord(new ItemNotFoundException($"There is no Gemini session with id {id}. Get-GeminiSession lists them."),
                            "GeminiSessionNotFound", ErrorCategory.ObjectNotFound, id));
                    }
                    break;
                default:
                    foreach (IGeminiSession session in SessionRegistry.All)
                        if (All || session.State != GeminiSessionState.Closed) WriteObject(session);
                    break;
            }
        }
    }
}
