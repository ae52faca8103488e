using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Tools;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>
    /// Runs the model's function calls on the pipeline thread of the command that is waiting on the session, one after
    /// another in the order of the <c>toolCall</c> message, each in its own nested pipeline (powershell-style.md §3.4),
    /// and answers each one as soon as it is done (one <c>toolResponse</c> per call). Every path ends in exactly one
    /// answer — handler output, an error, or nothing for a call the service cancelled — including Ctrl+C.
    /// </summary>
    internal sealed class ToolDispatcher
    {
        private const int VerbosePreview = 300;

        private readonly GeminiCmdlet _cmdlet;
        private readonly IGeminiSession _session;

        public ToolDispatcher(GeminiCmdlet cmdlet, IGeminiSession session)
        {
            _cmdlet = cmdlet;
            _session = session;
        }

        public void Run(IReadOnlyList<FunctionCall> calls, TurnAssembler? turn, CancellationToken stopping)
        {
            SessionTools tools = SessionTools.For(_session);
            for (int i = 0; i < calls.Count; i++)
            {
                FunctionCall call = calls[i];
                ToolCallRecord? record = FindRecord(turn, call);
                PendingToolCall? pending = _session.ToolCalls.Find(call);
                if (pending == null)
                {
                    _cmdlet.WriteVerbose($"Session {_session.Id}: the call {call.Name} ({call.Id}) is no longer tracked; it was answered earlier.");
                    continue;
                }
                if (!pending.TryClaim())
                {
                    Copy(pending, record, pending.Outcome == ToolCallOutcome.Cancelled ? "cancelled by the service before it ran" : null);
                    _cmdlet.WriteVerbose($"Session {_session.Id}: {pending.Name} ({pending.Id}) was already {pending.Outcome} before this command read it.");
                    continue;
                }
                try
                {
                    if (stopping.IsCancellationRequested) throw new PipelineStoppedException();
                    RunOne(pending, tools, record, stopping);
                }
                catch (PipelineStoppedException)
                {
                    Stop(pending, record);
                    for (int j = i + 1; j < calls.Count; j++)
                    {
                        PendingToolCall? rest = _session.ToolCalls.Find(calls[j]);
                        if (rest != null && rest.TryClaim()) Stop(rest, FindRecord(turn, calls[j]));
                    }
                    throw;
                }
                finally
                {
                    if (!pending.IsAnswered && !pending.IsCancelled)
                    {
                        // Only reached when something unexpected threw: the call still gets its one answer.
                        _session.ToolCalls.AnswerWithErrorInBackground(pending, $"The PowerShell tool '{pending.Name}' could not be run because of an internal error.", ToolCallOutcome.Failed);
                        Copy(pending, record, "internal error");
                    }
                }
            }
        }

        private void Stop(PendingToolCall pending, ToolCallRecord? record)
        {
            _session.ToolCalls.AnswerWithErrorInBackground(pending,
                $"The user stopped the PowerShell command (Ctrl+C) before the tool '{pending.Name}' finished; it did not complete.", ToolCallOutcome.Stopped);
            Copy(pending, record, "stopped by the user (Ctrl+C)");
        }

        private void RunOne(PendingToolCall pending, SessionTools tools, ToolCallRecord? record, CancellationToken stopping)
        {
            var clock = Stopwatch.StartNew();
            string name = pending.Name;
            string callText = $"{name}({Preview(pending.ArgumentsJson)}) [{pending.Id ?? "no id"}]";
            GeminiTool? tool = tools.Find(name);
            if (tool == null)
            {
                string declared = tools.Tools.Count == 0 ? "none" : string.Join(", ", NamesOf(tools.Tools));
                _cmdlet.WriteWarning($"The model called '{name}', which is not a tool of session {_session.Id}; answered with an error. Declared tools: {declared}.");
                Fail(pending, record, clock, ToolCallOutcome.UnknownTool, $"No PowerShell tool named '{name}' is declared in this session. Declared tools: {declared}.", stopping);
                return;
            }

            Hashtable arguments = ToolArguments.ToHashtable(pending.Call.Args);
            GeminiToolPolicy policy = tools.EffectivePolicy;
            if (policy == GeminiToolPolicy.Deny)
            {
                _cmdlet.WriteWarning($"Declined the model's call {callText}: the tool policy is Deny.");
                Fail(pending, record, clock, ToolCallOutcome.Declined, $"The user's tool policy (Deny) does not allow running '{name}'; it was not run.", stopping);
                return;
            }
            if (policy == GeminiToolPolicy.Confirm || tool.RequireApproval)
            {
                string? refusal = Approve(tool, pending);
                if (refusal != null)
                {
                    _cmdlet.WriteWarning($"Declined the model's call {callText}: {refusal}");
                    Fail(pending, record, clock, ToolCallOutcome.Declined, refusal, stopping);
                    return;
                }
                if (pending.IsCancelled)
                {
                    Copy(pending, record, "cancelled by the service while waiting for approval");
                    return;
                }
            }
            List<string> missing = ToolArguments.MissingRequired(tool, arguments);
            if (missing.Count > 0)
            {
                Fail(pending, record, clock, ToolCallOutcome.Failed, $"Missing required argument(s) for '{name}': {string.Join(", ", missing)}. Call it again with them.", stopping);
                return;
            }
            List<string> unknown = ToolArguments.Unknown(tool, arguments);
            if (unknown.Count > 0) _cmdlet.WriteVerbose($"Session {_session.Id}: {name} ignores argument(s) it does not have: {string.Join(", ", unknown)}.");

            _cmdlet.WriteVerbose($"Session {_session.Id}: running tool {callText} on the pipeline thread (timeout {tool.TimeoutSec} s).");
            var info = new GeminiToolCall(pending.Id, name, arguments, pending.ArgumentsJson, _session, tool, pending.ReceivedAt);
            var run = new HandlerRun(tool, info, arguments);
            Collection<PSObject>? output = null;
            Exception? failure = null;
            PSInvocationState state;
            var errors = new List<string>();
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(tool.TimeoutSec)))
            using (timeout.Token.Register(() => run.RequestStop(HandlerStopReason.TimedOut)))
            using (pending.CancellationToken.Register(() => run.RequestStop(HandlerStopReason.Cancelled)))
            using (stopping.Register(() => run.RequestStop(HandlerStopReason.OuterStop)))
            using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                run.Owner = ps;
                ps.AddCommand(InvokeGeminiToolHandlerCommand.Info).AddParameter("Run", run);
                try
                {
                    output = ps.Invoke();
                }
                catch (RuntimeException ex)
                {
                    failure = ex;
                }
                state = ps.InvocationStateInfo.State;
                foreach (ErrorRecord error in ps.Streams.Error) errors.Add(error.ToString());
            }

            switch (run.StopReason)
            {
                case HandlerStopReason.Cancelled:
                    Copy(pending, record, "cancelled by the service (toolCallCancellation); the handler was stopped and nothing was sent");
                    if (record != null) record.Elapsed = clock.Elapsed;
                    _cmdlet.WriteVerbose($"Session {_session.Id}: {callText} was cancelled by the service after {clock.ElapsedMilliseconds} ms; the handler was stopped, no answer sent.");
                    return;
                case HandlerStopReason.TimedOut:
                    _cmdlet.WriteWarning($"The tool {name} did not finish within {tool.TimeoutSec} s and was stopped; the model got an error.");
                    Fail(pending, record, clock, ToolCallOutcome.TimedOut, $"The PowerShell tool '{name}' did not finish within {tool.TimeoutSec} s and was stopped.", stopping);
                    return;
                case HandlerStopReason.OuterStop:
                    throw new PipelineStoppedException();
            }
            if (state == PSInvocationState.Stopped) throw new PipelineStoppedException(); // Ctrl+C reached the nested pipeline first.
            if (failure is PipelineStoppedException) throw new PipelineStoppedException();

            if (errors.Count > 0) _cmdlet.WriteVerbose($"Session {_session.Id}: {name} wrote {errors.Count} error(s): {Preview(string.Join(" | ", errors))}");
            if (failure != null)
            {
                string message = MessageOf(failure);
                _cmdlet.WriteWarning($"The tool {name} failed: {message} (the model got the error).");
                Fail(pending, record, clock, ToolCallOutcome.Failed, message, stopping);
                return;
            }
            var items = new List<PSObject?>(output ?? new Collection<PSObject>());
            if (items.Count == 0 && errors.Count > 0)
            {
                Fail(pending, record, clock, ToolCallOutcome.Failed, string.Join(Environment.NewLine, Cap(errors)), stopping);
                return;
            }
            // The envelope ({"output": …, "errors", "truncated", "note"}) needs room too.
            int envelope = 160 + SizeOf(Cap(errors));
            JsonElement value = ToolOutputJson.Convert(items, tool.OutputDepth, Math.Max(64, tool.MaxResponseBytes - envelope), out bool truncated);
            if (truncated) _cmdlet.WriteVerbose($"Session {_session.Id}: {name}'s output was cut to about {tool.MaxResponseBytes} bytes of JSON (-MaxResponseBytes).");
            FunctionResponse response = OutputResponse(pending.Call, value, Cap(errors), truncated, tool.MaxResponseBytes);
            if (tools.DeclaredBehavior(name) == GeminiToolBehavior.NonBlocking) response.Scheduling = SchedulingName(tool.Scheduling);
            Answer(pending, record, clock, response, ToolCallOutcome.Completed, null, stopping);
        }

        /// <summary>Asks the user on the pipeline thread; null = approved, else the reason the model is told.</summary>
        private string? Approve(GeminiTool tool, PendingToolCall pending)
        {
            string query = $"The model wants to run the PowerShell tool '{tool.Name}' ({tool.Source}) with arguments {Preview(pending.ArgumentsJson)}. Run it?";
            try
            {
                return _cmdlet.ShouldContinue(query, "Gemini tool call") ? null : $"The user declined to run '{tool.Name}'.";
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException || ex is NotImplementedException || ex is PSNotImplementedException)
            {
                return $"'{tool.Name}' needs the user's approval, but PowerShell could not ask (the host is non-interactive); it was not run.";
            }
        }

        private void Fail(PendingToolCall pending, ToolCallRecord? record, Stopwatch clock, ToolCallOutcome outcome, string error, CancellationToken stopping) =>
            Answer(pending, record, clock, GeminiSession.ErrorResponse(pending.Call, error), outcome, error, stopping);

        private void Answer(PendingToolCall pending, ToolCallRecord? record, Stopwatch clock, FunctionResponse response, ToolCallOutcome outcome, string? error, CancellationToken stopping)
        {
            bool sent = _session.ToolCalls.AnswerAsync(pending, response, outcome, stopping).GetAwaiter().GetResult();
            if (!sent)
            {
                Copy(pending, record, "cancelled by the service before the answer went out");
                _cmdlet.WriteVerbose($"Session {_session.Id}: {pending.Name} ({pending.Id}) was cancelled before its answer went out; nothing sent.");
                return;
            }
            if (record != null)
            {
                record.Outcome = outcome;
                record.ResponseJson = response.Response?.GetRawText();
                record.Failed = outcome != ToolCallOutcome.Completed;
                record.Error = error;
                record.Elapsed = clock.Elapsed;
            }
            _cmdlet.WriteVerbose($"Session {_session.Id}: answered {pending.Name} ({pending.Id}) in {clock.ElapsedMilliseconds} ms, {outcome}{(response.Scheduling != null ? ", scheduling " + response.Scheduling : string.Empty)}: {Preview(response.Response?.GetRawText() ?? "{}")}");
        }

        private static void Copy(PendingToolCall pending, ToolCallRecord? record, string? note)
        {
            if (record == null) return;
            record.Outcome = pending.Outcome;
            record.ResponseJson = pending.ResponseJson;
            record.Cancelled = pending.Outcome == ToolCallOutcome.Cancelled;
            record.Failed = pending.Outcome != ToolCallOutcome.Completed && pending.Outcome != ToolCallOutcome.Cancelled;
            if (note != null) record.Error = note;
            else if (pending.ResponseJson != null && pending.Outcome != ToolCallOutcome.Completed) record.Error = ErrorText(pending.ResponseJson);
        }

        private static ToolCallRecord? FindRecord(TurnAssembler? turn, FunctionCall call)
        {
            if (turn == null) return null;
            ToolCallRecord? byName = null;
            foreach (ToolCallRecord record in turn.ToolCalls)
            {
                if (record.Name != (call.Name ?? string.Empty)) continue;
                if (record.Id == call.Id && record.Outcome == ToolCallOutcome.Pending) return record;
                byName ??= record.Id == call.Id ? record : null;
            }
            return byName;
        }

        private static FunctionResponse OutputResponse(FunctionCall call, JsonElement output, List<string> errors, bool truncated, int maxBytes)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("output");
                output.WriteTo(writer);
                if (errors.Count > 0)
                {
                    writer.WriteStartArray("errors");
                    foreach (string error in errors) writer.WriteStringValue(error);
                    writer.WriteEndArray();
                }
                if (truncated)
                {
                    writer.WriteBoolean("truncated", true);
                    writer.WriteString("note", $"The output was cut to fit {maxBytes} bytes.");
                }
                writer.WriteEndObject();
            }
            using JsonDocument document = JsonDocument.Parse(stream.ToArray());
            return new FunctionResponse { Id = call.Id, Name = call.Name, Response = document.RootElement.Clone() };
        }

        private static string SchedulingName(GeminiToolScheduling scheduling) => scheduling switch
        {
            GeminiToolScheduling.Interrupt => FunctionResponseScheduling.Interrupt,
            GeminiToolScheduling.Silent => FunctionResponseScheduling.Silent,
            _ => FunctionResponseScheduling.WhenIdle,
        };

        private static string MessageOf(Exception failure)
        {
            if (failure is IContainsErrorRecord container && container.ErrorRecord != null)
            {
                ErrorRecord record = container.ErrorRecord;
                if (record.ErrorDetails?.Message is { Length: > 0 } details) return details;
                if (record.Exception?.Message is { Length: > 0 } message) return message;
            }
            return (failure.InnerException ?? failure).Message;
        }

        private static string? ErrorText(string responseJson)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(responseJson);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out JsonElement error)
                    ? error.ToString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static List<string> Cap(List<string> errors)
        {
            var capped = new List<string>();
            for (int i = 0; i < errors.Count && i < 10; i++) capped.Add(errors[i].Length > 500 ? errors[i].Substring(0, 500) + "…" : errors[i]);
            return capped;
        }

        private static int SizeOf(List<string> errors)
        {
            int size = 0;
            foreach (string error in errors) size += System.Text.Encoding.UTF8.GetByteCount(error) + 8;
            return size;
        }

        private static IEnumerable<string> NamesOf(IEnumerable<GeminiTool> tools)
        {
            foreach (GeminiTool tool in tools) yield return tool.Name;
        }

        private static string Preview(string text) => text.Length <= VerbosePreview ? text : text.Substring(0, VerbosePreview) + "…";
    }
}
