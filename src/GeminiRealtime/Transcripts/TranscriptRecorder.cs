using System;
using System.Collections.Generic;
using System.Text;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Transcripts
{
    /// <summary>
    /// Folds what a conversation sends and receives into <see cref="GeminiTranscript"/> entries: text deltas (text
    /// parts in TEXT modality, <c>outputTranscription</c> otherwise) and input transcription are joined per turn and
    /// written at <c>turnComplete</c> (with usage); tool calls, results and cancellations are written as they happen.
    /// Used from the conversation's single receive pump (received) and its send pump (sent): thread-safe by lock.
    /// </summary>
    public sealed class TranscriptRecorder
    {
        private readonly object _gate = new object();
        private readonly StringBuilder _answer = new StringBuilder();
        private readonly StringBuilder _heard = new StringBuilder();
        private bool _interrupted;

        public TranscriptRecorder(GeminiTranscript transcript, bool textPartsAreAnswer)
        {
            Transcript = transcript;
            TextPartsAreAnswer = textPartsAreAnswer;
        }

        public GeminiTranscript Transcript { get; }
        public bool TextPartsAreAnswer { get; }

        public void UserText(string text, string source, int connectionId) =>
            Transcript.Add(new TranscriptEntry(TranscriptRole.User, TranscriptEntryKind.Text, text, DateTimeOffset.Now) { Source = source, ConnectionId = connectionId });

        public void ToolResults(IEnumerable<FunctionResponse> responses, int connectionId)
        {
            foreach (FunctionResponse response in responses)
            {
                string json = response.Response.HasValue ? response.Response.Value.GetRawText() : "{}";
                Transcript.Add(new TranscriptEntry(TranscriptRole.Tool, TranscriptEntryKind.ToolResult, response.Name + " returned", DateTimeOffset.Now)
                {
                    Name = response.Name,
                    CallId = response.Id,
                    Json = json,
                    ConnectionId = connectionId,
                });
            }
        }

        public void Event(string text, int? connectionId = null) =>
            Transcript.Add(new TranscriptEntry(TranscriptRole.System, TranscriptEntryKind.Event, text, DateTimeOffset.Now) { ConnectionId = connectionId });

        /// <summary>Forgets the partial answer of the current turn (it is being sent again).</summary>
        public void RestartTurn()
        {
            lock (_gate)
            {
                _answer.Clear();
                _heard.Clear();
                _interrupted = false;
            }
        }

        /// <summary>Ends the current turn without <c>turnComplete</c> (the connection died and the turn is reported lost).</summary>
        public void AbandonTurn(int connectionId)
        {
            lock (_gate)
            {
                _interrupted = true;
                Flush(null, connectionId, DateTimeOffset.Now);
            }
        }

        public void Received(ServerMessage message, int connectionId)
        {
            DateTimeOffset at = message.ReceivedAt == default ? DateTimeOffset.Now : message.ReceivedAt;
            lock (_gate)
            {
                ServerContent? content = message.ServerContent;
                if (content?.ModelTurn?.Parts != null && TextPartsAreAnswer)
                {
                    foreach (Part part in content.ModelTurn.Parts)
                        if (part.Text != null && part.Thought != true) _answer.Append(part.Text);
                }
                if (!TextPartsAreAnswer && content?.OutputTranscription?.Text != null) _answer.Append(content.OutputTranscription.Text);
                if (content?.InputTranscription?.Text != null) _heard.Append(content.InputTranscription.Text);
                if (content?.Interrupted == true)
                {
                    _interrupted = true;
                    Transcript.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.Interrupted, "The model was interrupted.", at) { ConnectionId = connectionId });
                }
                if (message.ToolCall?.FunctionCalls != null)
                {
                    foreach (FunctionCall call in message.ToolCall.FunctionCalls)
                    {
                        Transcript.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.ToolCall, "call " + call.Name, at)
                        {
                            Name = call.Name,
                            CallId = call.Id,
                            Json = call.Args.HasValue ? call.Args.Value.GetRawText() : "{}",
                            ConnectionId = connectionId,
                        });
                    }
                }
                if (message.ToolCallCancellation?.Ids != null)
                {
                    Transcript.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.ToolCancelled, "cancelled " + string.Join(", ", message.ToolCallCancellation.Ids), at)
                    {
                        CallId = string.Join(",", message.ToolCallCancellation.Ids),
                        ConnectionId = connectionId,
                    });
                }
                if (content?.TurnComplete == true) Flush(message.UsageMetadata, connectionId, at);
            }
        }

        private void Flush(UsageMetadata? usage, int connectionId, DateTimeOffset at)
        {
            if (_heard.Length > 0)
            {
                Transcript.Add(new TranscriptEntry(TranscriptRole.User, TranscriptEntryKind.Text, _heard.ToString(), at) { Source = "inputTranscription", ConnectionId = connectionId });
            }
            if (_answer.Length > 0 || usage != null)
            {
                Transcript.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.Text, _answer.ToString(), at)
                {
                    Source = TextPartsAreAnswer ? "modelTurn.text" : "outputTranscription",
                    ConnectionId = connectionId,
                    Interrupted = _interrupted,
                    PromptTokens = usage?.PromptTokenCount,
                    ResponseTokens = usage?.ResponseTokenCount,
                    TotalTokens = usage?.TotalTokenCount,
                });
            }
            _answer.Clear();
            _heard.Clear();
            _interrupted = false;
        }
    }
}
