using System;
using GeminiRealtime.Protocol;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Session
{
    /// <summary>A user turn sent by a <see cref="GeminiConversation"/> whose <c>turnComplete</c> has not arrived yet.</summary>
    internal sealed class InFlightTurn
    {
        public InFlightTurn(ClientMessage message, string text)
        {
            Message = message;
            Text = text;
        }

        public ClientMessage Message { get; }
        public string Text { get; }
        public TranscriptEntry? Entry { get; set; }
        public DateTimeOffset SentAt { get; set; }
        /// <summary>Part of the answer already went to the reader: a re-send must tell it to start over.</summary>
        public bool AnswerForwarded { get; set; }
        /// <summary>A tool response for this turn was (or was being) sent: re-sending the text would run the tools twice.</summary>
        public bool ToolResponded { get; set; }
        public int Resent { get; set; }

        public string Preview => Text.Length <= 40 ? Text : Text.Substring(0, 40) + "…";
    }
}
