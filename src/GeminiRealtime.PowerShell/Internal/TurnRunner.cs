using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using GeminiRealtime.PowerShell.Supervision;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>
    /// Waits for one model turn on the pipeline thread of the running cmdlet: drains the session's messages, folds
    /// them into a reply, streams text, answers tool calls, and tells the protocol story through Write-Verbose.
    /// Everything PowerShell-facing happens here, on the pipeline thread.
    /// </summary>
    internal sealed class TurnRunner
    {
        private readonly GeminiCmdlet _cmdlet;
        private readonly IGeminiSession _session;

        public TurnRunner(GeminiCmdlet cmdlet, IGeminiSession session)
        {
            _cmdlet = cmdlet;
            _session = session;
        }

        /// <summary>Called with each text delta of the answer as it arrives (e.g. to write it to the host).</summary>
        public Action<string>? OnText { get; set; }

        /// <summary>Sends <paramref name="text"/> and returns the reply once <c>turnComplete</c> arrives.</summary>
        public GeminiReply SendAndWait(string text, TimeSpan timeout, CancellationToken stopping)
        {
            // Turns sent earlier and not complete yet (Send-GeminiText -NoWait, a timed-out or stopped Send-GeminiText)
            // are answered first: their replies (often interrupted by this turn) come before this turn's.
            int earlier = DiscardStaleMessages(stopping);
            var turn = new TurnAssembler(_session.Id.ToString(CultureInfo.InvariantCulture), _session.Model, _session.TextPartsAreAnswer, text, DateTimeOffset.Now);
            string path = _session.SendsRealtimeText ? "realtimeInput.text" : "clientContent (turnComplete: true)";
            _cmdlet.WriteVerbose($"Session {_session.Id}: sending {text.Length} characters as {path}.");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(timeout);
            try
            {
                _session.SendTextAsync(text, deadline.Token).GetAwaiter().GetResult();
                SkipEarlierTurns(earlier, deadline.Token);
                GeminiReply reply = WaitForTurn(turn, deadline.Token);
                SupervisorReview.AfterTurn(_cmdlet, _session, stopping);
                return reply;
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No turnComplete within {timeout.TotalSeconds:0} s (received {turn.MessageCount} messages for this turn). The model may be stalled; raise -TimeoutSec or reconnect.");
            }
        }

        /// <summary>
        /// Waits for the turn in progress (e.g. after Send-GeminiText -NoWait) to complete, running tool calls meanwhile;
        /// that may be a turn the model speaks about a NON_BLOCKING tool's result.
        /// </summary>
        public GeminiReply WaitForTurn(TimeSpan timeout, CancellationToken stopping)
        {
            var turn = new TurnAssembler(_session.Id.ToString(CultureInfo.InvariantCulture), _session.Model, _session.TextPartsAreAnswer, null, DateTimeOffset.Now);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(timeout);
            try
            {
                GeminiReply reply = WaitForTurn(turn, stream: true, userTurn: false, deadline.Token);
                SupervisorReview.AfterTurn(_cmdlet, _session, stopping);
                return reply;
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No turnComplete within {timeout.TotalSeconds:0} s (received {turn.MessageCount} messages). Nothing may be in progress: send text first, or raise -TimeoutSec.");
            }
        }

        /// <summary>Reads messages until the reply to what the user just sent completes (turns about NON_BLOCKING tool results are passed over).</summary>
        public GeminiReply WaitForTurn(TurnAssembler turn, CancellationToken cancellationToken) => WaitForTurn(turn, stream: true, userTurn: true, cancellationToken);

        /// <summary>
        /// Folds the replies of <paramref name="count"/> earlier turns into assemblers that are thrown away (their tool
        /// calls still run: every call gets its answer), so that what follows is this command's own turn.
        /// </summary>
        private void SkipEarlierTurns(int count, CancellationToken cancellationToken)
        {
            for (int i = 0; i < count; i++)
            {
                var earlier = new TurnAssembler(_session.Id.ToString(CultureInfo.InvariantCulture), _session.Model, _session.TextPartsAreAnswer, null, DateTimeOffset.Now);
                GeminiReply skipped = WaitForTurn(earlier, stream: false, userTurn: true, cancellationToken);
                _cmdlet.WriteVerbose($"Session {_session.Id}: skipped the reply to an earlier turn ({(skipped.Interrupted ? "interrupted" : "complete")}, {skipped.Text.Length} characters); read replies of -NoWait turns with Receive-GeminiMessage or Wait-GeminiTurn before sending again.");
            }
        }

        /// <param name="userTurn">
        /// Wait for the reply to a user turn: a turn the model speaks about a NON_BLOCKING tool's result answers none, so
        /// its messages (<see cref="ServerMessage.ToolResultTurn"/>) are passed over (their calls still run).
        /// </param>
        private GeminiReply WaitForTurn(TurnAssembler turn, bool stream, bool userTurn, CancellationToken cancellationToken)
        {
            // While this command waits, it runs the session's tool calls (the engine's unattended deadline stays off).
            using IDisposable waiter = _session.ToolCalls.AttachWaiter();
            while (true)
            {
                ServerMessage? message = _session.ReadMessageAsync(cancellationToken).GetAwaiter().GetResult();
                ConversationNotices.Tell(_cmdlet, _session);
                if (message == null)
                {
                    throw new InvalidOperationException($"Session {_session.Id} ended before the turn completed ({_session.CloseCode?.ToString(CultureInfo.InvariantCulture) ?? "no code"} {_session.CloseReason}).");
                }
                using (message)
                {
                    if (userTurn && message.ToolResultTurn)
                    {
                        Describe(message);
                        if (message.ToolCall?.FunctionCalls != null) AnswerToolCalls(message.ToolCall.FunctionCalls, null, cancellationToken);
                        if (message.ServerContent?.TurnComplete == true)
                            _cmdlet.WriteVerbose($"Session {_session.Id}: passed over the model's turn about a NON_BLOCKING tool result (read such turns with Wait-GeminiTurn or Receive-GeminiMessage).");
                        continue;
                    }
                    string? delta = turn.Add(message);
                    Describe(message);
                    if (delta != null && stream) OnText?.Invoke(delta);
                    if (message.ToolCall?.FunctionCalls != null) AnswerToolCalls(message.ToolCall.FunctionCalls, turn, cancellationToken);
                }
                if (turn.IsComplete) return turn.ToReply();
            }
        }

        // Tool calls run here, on the pipeline thread, in message order (ToolDispatcher); every call gets its one answer.
        private void AnswerToolCalls(List<FunctionCall> calls, TurnAssembler? turn, CancellationToken cancellationToken) =>
            new ToolDispatcher(_cmdlet, _session).Run(calls, turn, cancellationToken);

        /// <summary>Drops the messages nobody read (running their calls); returns how many earlier turns still await their reply.</summary>
        private int DiscardStaleMessages(CancellationToken stopping)
        {
            var waiting = new List<ServerMessage>();
            int inFlight = _session.TakeWaitingMessages(waiting);
            int stale = 0;
            foreach (ServerMessage old in waiting)
            {
                using (old)
                {
                    // Calls nobody ran yet still get run now: a command is waiting at last.
                    if (old.ToolCall?.FunctionCalls != null)
                    {
                        using IDisposable waiter = _session.ToolCalls.AttachWaiter();
                        AnswerToolCalls(old.ToolCall.FunctionCalls, null, stopping);
                    }
                }
                stale++;
            }
            if (stale > 0) _cmdlet.WriteVerbose($"Session {_session.Id}: skipped {stale} earlier message(s) nobody read (use Receive-GeminiMessage after -NoWait to read them).");
            if (inFlight > 0) _cmdlet.WriteVerbose($"Session {_session.Id}: {inFlight} earlier turn(s) still await their reply; it is skipped before this turn's.");
            return inFlight;
        }

        private void Describe(ServerMessage message)
        {
            ServerContent? content = message.ServerContent;
            var facts = new List<string>();
            if (content?.ModelTurn?.Parts != null)
            {
                foreach (Part part in content.ModelTurn.Parts)
                {
                    if (part.InlineData != null) facts.Add($"{part.InlineData.MimeType} {part.InlineData.Data?.Length ?? 0} B");
                    else if (part.Thought == true) facts.Add("thought (hidden)");
                    else if (part.Text != null) facts.Add($"text {part.Text.Length} chars");
                    else if (part.ExecutableCode != null) facts.Add("executableCode");
                }
            }
            if (content?.OutputTranscription != null) facts.Add("outputTranscription");
            if (content?.InputTranscription != null) facts.Add("inputTranscription");
            if (content?.GenerationComplete == true) facts.Add("generationComplete");
            if (content?.Interrupted == true) facts.Add("interrupted");
            if (content?.TurnComplete == true) facts.Add("turnComplete");
            if (message.UsageMetadata != null) facts.Add($"usage {message.UsageMetadata.TotalTokenCount ?? 0} tokens");
            if (message.ToolCall?.FunctionCalls != null) facts.Add($"toolCall {string.Join(", ", message.ToolCall.FunctionCalls.ConvertAll(c => c.Name))}");
            if (message.SessionResumptionUpdate != null) facts.Add($"sessionResumptionUpdate (resumable: {message.SessionResumptionUpdate.Resumable == true})");
            if (message.GoAway != null) facts.Add($"goAway (time left {message.GoAway.TimeLeft})");
            string detail = facts.Count == 0 ? message.Kind : string.Join(", ", facts);
            _cmdlet.WriteVerbose($"Session {_session.Id}: received {message.Kind}: {detail}.");
        }
    }
}
