using System;

namespace GeminiRealtime.Session
{
    public enum ConversationNoticeLevel
    {
        /// <summary>The story of the connection (Write-Verbose).</summary>
        Verbose,
        /// <summary>Something the user should know (Write-Warning): a stall, a lost turn, a dropped handle.</summary>
        Warning,
    }

    /// <summary>Something a <see cref="GeminiConversation"/> did on its own (reconnect, resume, re-send, stall), for the user.</summary>
    public sealed class ConversationNotice
    {
        public ConversationNotice(ConversationNoticeLevel level, string message)
        {
            Level = level;
            Message = message;
            Time = DateTimeOffset.Now;
        }

        public ConversationNoticeLevel Level { get; }
        public string Message { get; }
        public DateTimeOffset Time { get; }

        public override string ToString() => Message;
    }
}
