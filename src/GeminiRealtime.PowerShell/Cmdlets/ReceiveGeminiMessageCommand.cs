using System;
using System.Management.Automation;
using System.Threading;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.PowerShell.Tools;
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

        /// <summary>Do not run tool calls; leave them to another command (or the engine's deadline).</summary>
        [Parameter]
        public SwitchParameter NoToolCalls { get; set; }

        protected override void ProcessRecord()
        {
            IGeminiSession session = ResolveSession();
            int received = 0;
            // While it reads, this command runs the session's tool calls (on this pipeline thread).
            using IDisposable? waiter = NoToolCalls ? null : session.ToolCalls.AttachWaiter();
            var tools = new ToolDispatcher(this, session);
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
                    ConversationNotices.Tell(this, session);
                    WriteObject(message);
                    if (message.ToolCall?.FunctionCalls != null && !NoToolCalls) tools.Run(message.ToolCall.FunctionCalls, null, StopToken);
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
