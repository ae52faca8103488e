using System;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Session;
using GeminiRealtime.Supervision;

namespace GeminiRealtime.PowerShell.Supervision
{
    /// <summary>
    /// The handler of the <c>ask_supervisor</c> tool (internal: never exported). It runs like every tool handler, in
    /// a nested pipeline on the pipeline thread of the waiting command (timeout, cancellation and Ctrl+C included),
    /// finds the session through <c>$ToolCall</c>, and asks its supervisor with the transcript so far.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "GeminiSupervisor")]
    [OutputType(typeof(string))]
    internal sealed class InvokeGeminiSupervisorCommand : GeminiCmdlet
    {
        public static readonly CmdletInfo Info = new CmdletInfo("Invoke-GeminiSupervisor", typeof(InvokeGeminiSupervisorCommand));

        [Parameter(Mandatory = true, Position = 0,
            HelpMessage = "The question for the supervisor, with the details it needs (it has read the whole conversation transcript).")]
        [ValidateNotNullOrEmpty]
        public string Question { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            if (!(SessionState.PSVariable.GetValue("ToolCall") is GeminiToolCall call))
                throw new InvalidOperationException("ask_supervisor runs only as the model's tool call.");
            IGeminiSession session = call.Session;
            SessionSupervisor supervisor = SessionSupervisor.Find(session)
                ?? throw new InvalidOperationException($"Session {session.Id} has no supervisor (Connect-GeminiRealtime -Supervisor or -SupervisorModel).");
            GeminiRealtime.Transcripts.GeminiTranscript transcript = (session as GeminiConversation)?.Transcript ?? new GeminiRealtime.Transcripts.GeminiTranscript(session.Model);
            if (supervisor.ScriptBlock != null)
            {
                WriteVerbose($"Session {session.Id}: asking the supervisor scriptblock: {Question}");
                WriteObject(SupervisorScript.Invoke(supervisor.ScriptBlock, transcript, Question, session));
                return;
            }
            ModelSupervisor model = supervisor.Model!;
            WriteVerbose($"Session {session.Id}: asking the supervisor model {model.Model} (POST {model.Url}): {Question}");
            GenerateContentResult answer;
            try
            {
                answer = Wait(model.AskAsync(transcript, Question, StopToken));
            }
            catch (GenerateContentException ex)
            {
                // The model gets this as the tool's error; the user sees it as the tool's warning.
                throw new InvalidOperationException($"The supervisor model {model.Model} failed: {ex.Message}", ex);
            }
            WriteVerbose($"Session {session.Id}: the supervisor answered ({answer.FinishReason ?? "no finishReason"}, {answer.ResponseTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} tokens).");
            WriteObject(answer.Text);
        }
    }
}
