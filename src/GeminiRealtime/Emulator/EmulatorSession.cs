using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Emulator.Transport;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// One upgraded connection: a reader loop (this class), a single writer (<see cref="EmulatorOutbox"/>) and, once
    /// <c>setup</c> is accepted, the model loop (<see cref="EmulatorModel"/>). The first message must be a valid
    /// <c>setup</c>; <c>setupComplete</c> is queued before anything else is read, so messages that arrive early are
    /// answered after it, in order. Any rule broken ends the session with the rejection's close code and reason (the
    /// queued messages go out first). A client close ends it quietly.
    /// </summary>
    internal sealed class EmulatorSession
    {
        private readonly GeminiEmulator _emulator;
        private readonly ServerWebSocket _socket;
        private readonly EmulatorRoute _route;
        private readonly EmulatorRejection? _credentialRejection;
        private readonly Rest.EmulatorTokenStore.Grant? _grant;
        private readonly IEmulatorSessionLog _log;
        private readonly EmulatorOutbox _outbox;
        private readonly CancellationTokenSource _ending = new CancellationTokenSource();
        private readonly object _gate = new object();
        private readonly TaskCompletionSource<CloseRequest> _closeRequested =
            new TaskCompletionSource<CloseRequest>(TaskCreationOptions.RunContinuationsAsynchronously);

        private readonly EmulatorVideoRate _videoRate = new EmulatorVideoRate();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private EmulatorSessionRules? _rules;
        private EmulatorModel? _model;
        private EmulatorEars? _ears;
        private Task _modelTask = Task.CompletedTask;
        private bool _holdsSessionSlot;

        public EmulatorSession(
            GeminiEmulator emulator,
            long id,
            ServerWebSocket socket,
            EmulatorRoute route,
            EmulatorRejection? credentialRejection,
            IEmulatorSessionLog log,
            Rest.EmulatorTokenStore.Grant? grant = null)
        {
            _grant = grant;
            _emulator = emulator;
            Id = id;
            _socket = socket;
            _route = route;
            _credentialRejection = credentialRejection;
            _log = log;
            _outbox = new EmulatorOutbox(socket, log);
        }

        public long Id { get; }

        /// <summary>Asks the session to close with <paramref name="code"/> (none: the client already closed). The first request wins.</summary>
        public void RequestClose(int? code, string reason) => _closeRequested.TrySetResult(new CloseRequest(code, reason));

        /// <summary>Drops the connection without a close frame (the client sees 1006).</summary>
        public void Abort() => _socket.Abort();

        /// <summary>Cancelled when the session starts to end (fault injection's lifetime clock stops with it).</summary>
        internal CancellationToken EndingToken => _ending.Token;

        /// <summary>Queues a message that no turn produced (fault injection: goAway). False when the session is closing.</summary>
        internal ValueTask<bool> SendOutOfBandAsync(ServerMessage message) => _outbox.SendAsync(message, _ending.Token);

        /// <summary>Runs the session to its end; never throws (failures are logged and closed with 1011).</summary>
        public async Task RunAsync()
        {
            Task outboxTask = Task.Run(_outbox.RunAsync);
            Task readerTask = Task.Run(ReadLoopAsync);
            try
            {
                CloseRequest close = await _closeRequested.Task.ConfigureAwait(false);

                // Stop producing: the model loop and its turn end, the reader's pending hand-over is released, and the
                // outbox takes nothing more (a turn blocked on a full queue is released too). What is queued goes out,
                // then the close frame.
                Task modelTask;
                lock (_gate)
                {
                    _ending.Cancel();
                    modelTask = _modelTask;
                }
                _outbox.Close(close.Code, close.Reason);
                await modelTask.ConfigureAwait(false);
                if (!await CompletesWithinAsync(outboxTask, _emulator.FlushTimeout).ConfigureAwait(false))
                {
                    _log.Error("close", new TimeoutException("The client did not take the last messages in time; the connection was dropped."));
                    _socket.Abort();
                }
                await outboxTask.ConfigureAwait(false);

                if (!await CompletesWithinAsync(readerTask, _emulator.FlushTimeout).ConfigureAwait(false)) _socket.Abort();
                await readerTask.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Every loop handles its own failures; reaching this is a bug. Log it and make sure the socket is gone.
                _log.Error("session", ex);
                _socket.Abort();
            }
            finally
            {
                await _socket.DisposeAsync().ConfigureAwait(false);
                if (_holdsSessionSlot) _emulator.ReleaseSessionSlot();
                _emulator.Resumption.SessionEnded(Id);
                _ending.Dispose();
            }
        }

        private async Task ReadLoopAsync()
        {
            try
            {
                while (true)
                {
                    WebSocketMessage message;
                    try
                    {
                        // Never cancelled: cancelling a receive drops the connection. The close handshake ends it instead.
                        message = await _socket.ReceiveAsync(_emulator.Settings.MaxMessageBytes, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (WebSocketPeerGoneException ex)
                    {
                        _log.Error("receive", ex);
                        return;
                    }
                    catch (WebSocketProtocolException ex)
                    {
                        // The transport already sent its close (1002 or 1009).
                        _log.Error("receive", ex);
                        _log.Closing(ex.CloseCode, ex.Message);
                        return;
                    }
                    catch (Exception ex) when (ex is ObjectDisposedException || ex is InvalidOperationException)
                    {
                        // Closed on our side (close handshake finished, timed out, or aborted).
                        return;
                    }

                    using (message)
                    {
                        if (message.Kind == WebSocketMessageKind.Close)
                        {
                            _log.ClientClosed(message.CloseCode, message.CloseReason);
                            return;
                        }

                        ReadOnlyMemory<byte> payload = message.Payload;
                        _log.Received(payload, message.Kind == WebSocketMessageKind.Binary);
                        if (_closeRequested.Task.IsCompleted) continue; // closing: only wait for the client's close reply

                        try
                        {
                            await HandleAsync(payload).ConfigureAwait(false);
                        }
                        catch (EmulatorRejection rejection)
                        {
                            RequestClose(rejection.CloseCode, rejection.Reason);
                        }
                        catch (OperationCanceledException) when (_ending.IsCancellationRequested)
                        {
                            // The session is closing; the model no longer takes input.
                        }
                    }
                }
            }
            catch (Exception ex)
            {
                _log.Error("session", ex);
                RequestClose(CloseCodes.InternalError, ServiceReasons.Internal);
            }
            finally
            {
                // The client closed or vanished: nothing more to send (a close already requested keeps its code).
                RequestClose(null, string.Empty);
            }
        }

        /// <summary>Speech detection on this session's audio (created with the first audio; reader thread only).</summary>
        private EmulatorEars Ears => _ears ??= new EmulatorEars(_rules!.Setup);

        private async Task HandleAsync(ReadOnlyMemory<byte> payload)
        {
            if (_rules == null)
            {
                await SetUpAsync(payload).ConfigureAwait(false);
                return;
            }

            ClientMessage message = StrictClientMessageReader.Read(payload.Span, _route.ApiVersion);
            ClientMessageValidator.Validate(message, _rules);
            EmulatorModel model = _model!;
            CancellationToken token = _ending.Token;
            if (message.ClientContent != null)
            {
                await model.PostAsync(EmulatorModelInput.ForClientContent(message.ClientContent), token).ConfigureAwait(false);
            }
            else if (message.RealtimeInput != null)
            {
                RealtimeInput input = message.RealtimeInput;
                if (input.Text != null) await model.PostAsync(EmulatorModelInput.ForRealtimeText(input.Text), token).ConfigureAwait(false);
                else if (input.ActivityStart != null)
                {
                    Ears.ActivityStarted();
                    await model.PostAsync(EmulatorModelInput.ForActivityStart(), token).ConfigureAwait(false);
                }
                else if (input.Video != null)
                {
                    // Decoded and checked always; seen by the model only within the frame rate (EmulatorVideoRate).
                    EmulatorVideoFrame frame = EmulatorVideoFrame.Inspect(input.Video);
                    if (_videoRate.Admit(_clock.Elapsed)) await model.PostAsync(EmulatorModelInput.ForVideoFrame(frame), token).ConfigureAwait(false);
                }
                else
                {
                    // audio, audioStreamEnd, activityEnd: the ears (EmulatorEars) decide whether a turn starts or a reply is cut.
                    EmulatorModelInput? heard = input.Audio != null ? Ears.Hear(input.Audio)
                        : input.AudioStreamEnd == true ? Ears.StreamEnded()
                        : input.ActivityEnd != null ? Ears.ActivityEnded()
                        : null;
                    if (heard != null) await model.PostAsync(heard, token).ConfigureAwait(false);
                }
            }
            else if (message.ToolResponse != null)
            {
                await model.PostAsync(EmulatorModelInput.ForToolResponse(message.ToolResponse), token).ConfigureAwait(false);
            }
            else if (message.ContextUpdate != null)
            {
                _rules.ApplyContextUpdate(message.ContextUpdate);
                await model.PostAsync(EmulatorModelInput.ForContextUpdate(message.ContextUpdate), token).ConfigureAwait(false);
            }
        }

        private async Task SetUpAsync(ReadOnlyMemory<byte> payload)
        {
            // The service upgrades first and judges the credential on the first frame, whatever it holds.
            if (_credentialRejection != null) throw _credentialRejection;

            ClientMessage message = StrictClientMessageReader.Read(payload.Span, _route.ApiVersion);
            LiveSetup setup = message.Setup ?? throw EmulatorRejection.InvalidArgument(ServiceReasons.InvalidArgument);
            LiveModel model = SetupValidator.Validate(setup, _route.ApiVersion, _emulator.ModelTable);

            IReadOnlyList<EmulatorHistoryEntry> history = Array.Empty<EmulatorHistoryEntry>();
            string? handle = setup.SessionResumption?.Handle;
            if (!string.IsNullOrEmpty(handle))
            {
                if (!_emulator.Resumption.TryGet(handle!, out string handleModel, out history))
                {
                    throw EmulatorRejection.NotFound(ServiceReasons.SessionNotFound);
                }
                // The configuration may change on resumption, the model may not (protocol.md §3).
                if (!string.Equals(handleModel, model.Id, StringComparison.Ordinal))
                {
                    throw EmulatorRejection.InvalidArgument(ServiceReasons.InvalidArgument);
                }
            }

            if (_grant != null)
            {
                // An ephemeral token: a locked setup must hold; a new session spends a use, a resumption is free.
                using System.Text.Json.JsonDocument raw = System.Text.Json.JsonDocument.Parse(payload);
                System.Text.Json.JsonElement rawSetup = default;
                foreach (System.Text.Json.JsonProperty property in raw.RootElement.EnumerateObject()) rawSetup = property.Value;
                _grant.Admit(rawSetup, resumption: !string.IsNullOrEmpty(handle), DateTimeOffset.UtcNow);
            }

            if (!_emulator.TryAcquireSessionSlot())
            {
                throw new EmulatorRejection(CloseCodes.InternalError, ServiceReasons.QuotaExceeded);
            }
            _holdsSessionSlot = true;

            var rules = new EmulatorSessionRules(model, setup, _route.ApiVersion);
            await _outbox.SendAsync(new ServerMessage { SetupComplete = new SetupComplete() }, _ending.Token).ConfigureAwait(false);
            _model = new EmulatorModel(
                setup,
                model,
                history,
                _outbox,
                _emulator.Resumption,
                _log,
                Id,
                _emulator.Settings.TimeScale,
                () => rules.GenerationStarted = true);
            _model.StallTurn = _emulator.Faults.ShouldStallTurn;
            lock (_gate)
            {
                // A close requested meanwhile wins: the model never starts.
                if (_ending.IsCancellationRequested) return;
                _rules = rules;
                _modelTask = Task.Run(RunModelAsync);
            }
        }

        private async Task RunModelAsync()
        {
            try
            {
                await _model!.RunAsync(_ending.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_ending.IsCancellationRequested)
            {
                // The session is ending.
            }
            catch (EmulatorRejection rejection)
            {
                RequestClose(rejection.CloseCode, rejection.Reason);
            }
            catch (Exception ex)
            {
                _log.Error("model", ex);
                RequestClose(CloseCodes.InternalError, ServiceReasons.Internal);
            }
        }

        private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
        {
            if (task.IsCompleted) return true;
            using var delayCancel = new CancellationTokenSource();
            Task delay = Task.Delay(timeout, delayCancel.Token);
            Task first = await Task.WhenAny(task, delay).ConfigureAwait(false);
            delayCancel.Cancel();
            return first == task;
        }

        private sealed class CloseRequest
        {
            public CloseRequest(int? code, string reason)
            {
                Code = code;
                Reason = reason;
            }

            public int? Code { get; }

            public string Reason { get; }
        }
    }
}
