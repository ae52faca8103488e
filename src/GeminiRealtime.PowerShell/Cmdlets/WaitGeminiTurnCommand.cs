using System;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// Waits for the turn in progress (after Send-GeminiText -NoWait, or one the model started itself) to complete, runs
    /// the tool calls that arrive meanwhile on this pipeline thread, and returns the reply.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "GeminiTurn")]
    [OutputType(typeof(GeminiReply))]
    public sealed class WaitGeminiTurnCommand : SessionCmdlet
    {
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 120;

        /// <summary>Write the reply text to the host as it arrives.</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        protected override void ProcessRecord()
        {
            IGeminiSession session = ResolveSession();
            try
            {
                var runner = new TurnRunner(this, session);
                if (Stream) runner.OnText = delta => Host.UI.Write(delta);
                GeminiReply reply = runner.WaitForTurn(TimeSpan.FromSeconds(TimeoutSec), StopToken);
                if (Stream) Host.UI.WriteLine();
                WriteObject(reply);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is TimeoutException || ex is InvalidOperationException)
            {
                WriteError(ErrorRecords.From(ex, session));
            }
        }
    }
}
