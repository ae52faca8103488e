using System.Collections.Generic;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Supervision
{
    /// <summary>
    /// How guidance reaches the live model: a <c>clientContent</c> user turn with <c>turnComplete: false</c> (protocol.md
    /// §4.2), so it joins the history without starting a reply. Models that take clientContent only as initial history
    /// (3.1) cannot be given guidance mid-session.
    /// </summary>
    public static class SupervisorGuidance
    {
        /// <summary>Marks the text as the supervisor's, so the live model does not take it for the user's words.</summary>
        public const string Prefix = "[Guidance from your supervisor - not said by the user; do not read it aloud] ";

        /// <summary>Longer guidance is cut to this many characters.</summary>
        public const int MaxCharacters = 2000;

        /// <summary>False for models whose clientContent is initial history only (unknown models: true).</summary>
        public static bool CanPush(LiveModel? model) => model == null || model.ClientContent != ClientContentSupport.InitialHistoryOnly;

        /// <summary>The guidance as it goes on the wire (trimmed and cut to <see cref="MaxCharacters"/>).</summary>
        public static ClientMessage ToMessage(string guidance) => new ClientMessage
        {
            ClientContent = new ClientContent
            {
                Turns = new List<Content> { Content.FromText(Prefix + Trim(guidance), "user") },
                TurnComplete = false,
            },
        };

        public static string Trim(string guidance)
        {
            string text = (guidance ?? string.Empty).Trim();
            return text.Length <= MaxCharacters ? text : text.Substring(0, MaxCharacters) + "…";
        }
    }
}
