using System;
using System.Management.Automation;
using System.Threading;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;
using GeminiRealtime.Supervision;

namespace GeminiRealtime.PowerShell.Supervision
{
    /// <summary>
    /// After a turn, on the pipeline thread of the command that waited for it: a supervisor scriptblock reviews the
    /// conversation (<c>$Question</c> is null) and what it returns is pushed into the live session as guidance. A
    /// supervisor model reviews in the background on its own (<see cref="GeminiConversation"/>), so nothing runs here.
    /// </summary>
    internal static class SupervisorReview
    {
        public static void AfterTurn(GeminiCmdlet cmdlet, IGeminiSession session, CancellationToken stopping)
        {
            SessionSupervisor? supervisor = SessionSupervisor.Find(session);
            if (supervisor?.ScriptBlock == null || !(session is GeminiConversation conversation) || !conversation.CanPushGuidance) return;
            if (conversation.State != GeminiSessionState.Open && conversation.State != GeminiSessionState.Reconnecting) return;
            string guidance;
            try
            {
                guidance = SupervisorScript.Invoke(supervisor.ScriptBlock, conversation.Transcript, null, session);
            }
            catch (RuntimeException ex) when (!(ex is PipelineStoppedException))
            {
                cmdlet.WriteWarning($"The supervisor scriptblock failed while reviewing the conversation: {ex.Message} (no guidance sent).");
                return;
            }
            string? text = SupervisorPrompt.GuidanceOf(guidance);
            if (text == null)
            {
                cmdlet.WriteVerbose($"Session {session.Id}: the supervisor scriptblock reviewed the conversation: no guidance.");
                return;
            }
            cmdlet.WriteVerbose($"Session {session.Id}: pushing the supervisor's guidance as clientContent (turnComplete: false): {text}");
            try
            {
                conversation.SendGuidanceAsync(text, supervisor.Description, stopping).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is ObjectDisposedException || ex is GeminiSessionException)
            {
                cmdlet.WriteWarning($"The supervisor's guidance could not be sent: {ex.Message}");
            }
        }
    }
}
