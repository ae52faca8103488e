using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
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
        private readonly GeminiSession _session;

        public TurnRunner(GeminiCmdlet cmdlet, GeminiSession session)
        {
            _cmdlet = cmdlet;
            _session = session;
        }

        /// <summary>Called with each text delta of the answer as it arrives (e.g. to write it to the host).</summary>
        public Action<string>? OnText { get; set; }

        /// <summary>Sends <paramref name="text"/> and returns the reply once <c>turnComplete</c> arrives.</summary>
        public GeminiReply SendAndWait(string text, TimeSpan timeout, CancellationToken stopping)
        {
            DiscardStaleMessages();
            var turn = new TurnAssembler(_session.Id.ToString(CultureInfo.InvariantCulture), _session.Model, _session.TextPartsAreAnswer, text, DateTimeOffset.Now);
            string path = _session.SendsRealtimeText ? "realtimeInput.text" : "clientContent (turnComplete: true)";
            _cmdlet.WriteVerbose($"Session {_session.Id}: sending {text.Length} characters as {path}.");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(timeout);
            try
            {
                _session.SendTextAsync(text, deadline.Token).GetAwaiter().GetResult();
                return WaitForTurn(turn, deadline.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No turnComplete within {timeout.TotalSeconds:0} s (received {turn.MessageCount} messages for this turn). The model may be stalled; raise -TimeoutSec or reconnect.");
            }
        }

        /// <summary>Reads messages until the current turn completes.</summary>
        public GeminiReply WaitForTurn(TurnAssembler turn, CancellationToken cancellationToken)
        {
            while (true)
            {
                ServerMessage? message = _session.ReadMessageAsync(cancellationToken).GetAwaiter().GetResult();
                if (message == null)
                {
                    throw new InvalidOperationException($"Session {_session.Id} ended before the turn completed ({_session.CloseCode?.ToString(CultureInfo.InvariantCulture) ?? "no code"} {_session.CloseReason}).");
                }
                using (message)
                {
                    string? delta = turn.Add(message);
                    Describe(message);
                    if (delta != null) OnText?.Invoke(delta);
                    if (message.ToolCall?.FunctionCalls != null) AnswerToolCalls(message.ToolCall.FunctionCalls, turn, cancellationToken);
                }
                if (turn.IsComplete) return turn.ToReply();
            }
        }

        // Tools are not registered yet in this version: every call is still answered, with an error the model can
        // read, because an unanswered BLOCKING call silences the model on a healthy socket (protocol.md §4.4).
        private void AnswerToolCalls(List<FunctionCall> calls, TurnAssembler turn, CancellationToken cancellationToken)
        {
            var responses = new List<FunctionResponse>();
            foreach (FunctionCall call in calls)
            {
                string error = $"No PowerShell tool named '{call.Name}' is registered in this session.";
                FunctionResponse response = GeminiSession.ErrorResponse(call, error);
                responses.Add(response);
                foreach (ToolCallRecord record in turn.ToolCalls)
                {
                    if (record.Id == call.Id && record.Name == call.Name)
                    {
                        record.Failed = true;
                        record.ResponseJson = response.Response?.GetRawText();
                    }
                }
                _cmdlet.WriteWarning($"The model called '{call.Name}', which is not a registered tool; answered with an error.");
            }
            _session.SendToolResponseAsync(responses, cancellationToken).GetAwaiter().GetResult();
            _cmdlet.WriteVerbose($"Session {_session.Id}: answered {responses.Count} function call(s) in one toolResponse.");
        }

        private void DiscardStaleMessages()
        {
            int stale = 0;
            while (_session.Messages.TryRead(out ServerMessage? old))
            {
                old.Dispose();
                stale++;
            }
            if (stale > 0) _cmdlet.WriteVerbose($"Session {_session.Id}: skipped {stale} earlier message(s) nobody read (use Receive-GeminiMessage after -NoWait to read them).");
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
