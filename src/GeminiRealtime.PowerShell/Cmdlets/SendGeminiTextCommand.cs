using System;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Sends text as a user turn and returns the model's reply (one object per input line).</summary>
    [Cmdlet(VerbsCommunications.Send, "GeminiText", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiReply))]
    public sealed class SendGeminiTextCommand : SessionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        [NotASession]
        public string Text { get; set; } = string.Empty;

        /// <summary>Send and return at once; read the reply later with Receive-GeminiMessage.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>Write the reply text to the host as it arrives (the reply object is still returned).</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 120;

        protected override void ProcessRecord()
        {
            if (string.IsNullOrWhiteSpace(Text))
            {
                WriteError(new ErrorRecord(new ArgumentException("The text is empty; there is nothing to send."), "GeminiEmptyText", ErrorCategory.InvalidArgument, Text));
                return;
            }
            IGeminiSession session = ResolveSession();
            if (!ShouldProcess($"session {session.Id} ({session.Model})", $"Send {Text.Length} characters of text")) return;
            try
            {
                if (NoWait)
                {
                    WriteVerbose($"Session {session.Id}: sending {Text.Length} characters; not waiting for the reply.");
                    Wait(session.SendTextAsync(Text, StopToken));
                    return;
                }
                var runner = new TurnRunner(this, session);
                if (Stream) runner.OnText = delta => Host.UI.Write(delta);
                GeminiReply reply = runner.SendAndWait(Text, TimeSpan.FromSeconds(TimeoutSec), StopToken);
                if (Stream) Host.UI.WriteLine();
                WriteVerbose($"Session {session.Id}: turn complete in {reply.Duration.TotalMilliseconds:0} ms, {reply.AudioDuration.TotalSeconds:0.0} s of audio, {reply.TotalTokens} tokens{(reply.Interrupted ? ", interrupted" : string.Empty)}.");
                WriteObject(reply);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is TimeoutException || ex is InvalidOperationException)
            {
                // The session is gone or stalled: later lines cannot succeed either.
                ConversationNotices.Tell(this, session);
                ThrowTerminatingError(ErrorRecords.From(ex, session));
            }
        }
    }
}
