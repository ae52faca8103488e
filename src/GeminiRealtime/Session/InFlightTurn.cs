using System;
using System.Collections.Generic;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tools;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// A model generation a <see cref="GeminiConversation"/> waits for: the answer to a user turn it sent, or the turn
    /// the model owes for a NON_BLOCKING tool's result (scheduling WHEN_IDLE or INTERRUPT, protocol.md §4.4), which
    /// answers no user turn. Each ends with one <c>turnComplete</c>, in the order they are in flight.
    /// </summary>
    internal sealed class InFlightTurn
    {
        public InFlightTurn(ClientMessage message, string text)
        {
            Message = message;
            Text = text;
        }

        /// <summary>The turn the model owes for the result of the NON_BLOCKING function <paramref name="name"/>.</summary>
        public static InFlightTurn ForToolResult(ClientMessage toolResponse, string? name, string? scheduling) =>
            new InFlightTurn(toolResponse, "the result of " + (name ?? "a tool"))
            {
                IsToolResult = true,
                Interrupts = scheduling == FunctionResponseScheduling.Interrupt,
            };

        /// <summary>The user turn (or, for a tool result, the <c>toolResponse</c>: never sent again).</summary>
        public ClientMessage Message { get; }
        public string Text { get; }
        /// <summary>The model speaks about a tool's result: no user turn waits for this <c>turnComplete</c>.</summary>
        public bool IsToolResult { get; private set; }
        /// <summary>
        /// Its input cuts the generation in progress (a user turn, unless realtime text under NO_INTERRUPTION; an
        /// INTERRUPT result), so the model answers it at once.
        /// </summary>
        public bool Interrupts { get; set; }
        /// <summary>A WHEN_IDLE result: the model speaks it once idle, so after any input that cut in ahead of it.</summary>
        public bool WaitsForIdle => IsToolResult && !Interrupts;
        public TranscriptEntry? Entry { get; set; }
        public DateTimeOffset SentAt { get; set; }
        /// <summary>Part of the answer already went to the reader: a re-send must tell it to start over.</summary>
        public bool AnswerForwarded { get; set; }
        /// <summary>A tool response for this turn was (or was being) sent: re-sending the text would run the tools twice.</summary>
        public bool ToolResponded { get; set; }
        /// <summary>The function calls the model made during this turn (on the connection it was last sent on).</summary>
        public List<PendingToolCall> Calls { get; } = new List<PendingToolCall>();
        /// <summary>
        /// A tool of this turn was answered or taken by a handler (which may have run it): sending the turn again would
        /// make the model call it again, so it is reported lost instead.
        /// </summary>
        public bool ToolsRan => ToolResponded || Calls.Exists(c => c.IsClaimed || c.IsAnswered);
        /// <summary>Reported lost on a reconnect; its <c>turnComplete</c> is made up once the turns before it have theirs.</summary>
        public bool Lost { get; set; }
        public int Resent { get; set; }

        public string Preview => Text.Length <= 40 ? Text : Text.Substring(0, 40) + "…";
    }
}
