using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>
    /// Tells what a <see cref="GeminiConversation"/> did on its own (reconnects, resumes, re-sent turns, stalls) through
    /// Write-Verbose and Write-Warning. Called on the pipeline thread by whatever waits on the session.
    /// </summary>
    internal static class ConversationNotices
    {
        public static void Tell(GeminiCmdlet cmdlet, IGeminiSession session)
        {
            if (!(session is GeminiConversation conversation)) return;
            while (conversation.Notices.TryRead(out ConversationNotice? notice))
            {
                string text = $"Session {conversation.Id}: {notice.Message}";
                if (notice.Level == ConversationNoticeLevel.Warning) cmdlet.WriteWarning(text);
                else cmdlet.WriteVerbose(text);
            }
        }
    }
}
