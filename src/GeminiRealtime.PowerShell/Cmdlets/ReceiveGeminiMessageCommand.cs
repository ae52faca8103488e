using System;
using System.Management.Automation;
using System.Threading;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Returns the session's typed server messages in the order they arrived.</summary>
    [Cmdlet(VerbsCommunications.Receive, "GeminiMessage", DefaultParameterSetName = "Timeout")]
    [OutputType(typeof(ServerMessage))]
    public sealed class ReceiveGeminiMessageCommand : SessionCmdlet
    {
        /// <summary>Stop after this many messages.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; } = int.MaxValue;

        /// <summary>Stop when no message arrived for this many seconds (default 5). 0 = only what is already there.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public double TimeoutSec { get; set; } = 5;

        /// <summary>Stop after the message that completes a turn.</summary>
        [Parameter]
        public SwitchParameter UntilTurnComplete { get; set; }

        protected override void ProcessRecord()
        {
            GeminiSession session = ResolveSession();
            int received = 0;
            try
            {
                while (received < Count)
                {
                    ServerMessage? message;
                    if (session.Messages.TryRead(out ServerMessage? ready))
                    {
                        message = ready;
                    }
                    else
                    {
                        if (TimeoutSec <= 0) break;
                        using var idle = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
                        idle.CancelAfter(TimeSpan.FromSeconds(TimeoutSec));
                        try
                        {
                            message = session.ReadMessageAsync(idle.Token).GetAwaiter().GetResult();
                        }
                        catch (OperationCanceledException) when (!StopToken.IsCancellationRequested)
                        {
                            WriteVerbose($"Session {session.Id}: no message for {TimeoutSec} s; stopping.");
                            break;
                        }
                    }
                    if (message == null) break;
                    received++;
                    WriteObject(message);
                    if (UntilTurnComplete && message.ServerContent?.TurnComplete == true) break;
                }
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (GeminiSessionException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, session));
            }
        }
    }
}
