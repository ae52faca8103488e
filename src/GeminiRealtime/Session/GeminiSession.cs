using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GeminiRealtime.Audio;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tools;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// One Live API connection. It owns the socket and two background loops: a single send loop (control messages
    /// ahead of media, bounded lanes) and a single receive loop (whole messages only, typed, into a bounded inbox).
    /// Nothing here touches PowerShell: whoever waits on the session reads <see cref="Messages"/> on its own thread.
    /// </summary>
    public sealed class GeminiSession : IGeminiSession
    {
        private static int s_nextId;

        private readonly ClientWebSocket _socket;
        private readonly GeminiSessionOptions _options;
        private readonly SendQueue _sendQueue = new SendQueue();
        private readonly Channel<ServerMessage> _inbox;
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private readonly TaskCompletionSource<SetupComplete> _setupComplete = new TaskCompletionSource<SetupComplete>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly object _gate = new object();
        private Task _receiveLoop = Task.CompletedTask;
        private Task _sendLoop = Task.CompletedTask;
        private int _closeRequested;
        private int _turnsInFlight;

        private GeminiSession(ClientWebSocket socket, GeminiSessionOptions options, Uri url, LiveSetup setup)
        {
            _socket = socket;
            _options = options;
            Id = Interlocked.Increment(ref s_nextId);
            Url = url;
            Setup = setup;
            ModelInfo = ModelCatalog.Find(options.ModelId);
            _inbox = Channel.CreateBounded<ServerMessage>(
                new BoundedChannelOptions(options.InboxCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
                dropped =>
                {
                    Statistics.Dropped();
                    dropped.Dispose();
                });
            ToolCalls = new ToolCallTracker(
                (responses, token) => SendToolResponseAsync(responses, token), options.UnattendedToolCallTimeout, _lifetime.Token);
        }

        public int Id { get; }
        public string Model => _options.ModelId;
        /// <summary>The model's row in the table, or null for an id the table does not know.</summary>
        public LiveModel? ModelInfo { get; }
        public string? Voice => _options.Voice;
        public string ResponseModality => _options.ResponseModality.ToUpperInvariant();
        public string ApiVersion => _options.ApiVersion;
        /// <summary>The WebSocket URL (it never carries the credential).</summary>
        public Uri Url { get; }
        /// <summary>The base endpoint the session was opened against (null = Google).</summary>
        public Uri? Endpoint => _options.Endpoint;
        /// <summary>The <c>setup</c> that was sent.</summary>
        public LiveSetup Setup { get; }
        public string Credential => _options.Credential.ToString();
        public GeminiSessionState State { get; private set; } = GeminiSessionState.Connecting;
        public DateTimeOffset ConnectedAt { get; private set; }
        public DateTimeOffset? ClosedAt { get; private set; }
        public string? ServerSessionId { get; private set; }
        /// <summary>The newest resumable handle from <c>sessionResumptionUpdate</c>.</summary>
        public string? ResumptionHandle { get; private set; }
        public GoAway? LastGoAway { get; private set; }
        public DateTimeOffset? GoAwayReceivedAt { get; private set; }
        /// <summary>Why the session ended, when the service closed it or the connection died.</summary>
        public GeminiSessionException? CloseError { get; private set; }
        public int? CloseCode { get; private set; }
        public string? CloseReason { get; private set; }
        public SessionStatistics Statistics { get; } = new SessionStatistics();
        public int TurnCount { get; private set; }
        /// <summary>The model's function calls awaiting an answer: every call is answered once, or not at all once cancelled.</summary>
        public ToolCallTracker ToolCalls { get; }

        /// <summary>Every server message after <c>setupComplete</c>, in order. Completes (with <see cref="CloseError"/>) when the session ends.</summary>
        public ChannelReader<ServerMessage> Messages => _inbox.Reader;

        /// <summary>Whether user text goes as <c>realtimeInput.text</c> (else as a <c>clientContent</c> turn).</summary>
        public bool SendsRealtimeText => _options.TextInput switch
        {
            TextInputPath.RealtimeInput => true,
            TextInputPath.ClientContent => false,
            _ => ModelInfo?.PrefersRealtimeText ?? true,
        };

        /// <summary>Text parts are the answer in TEXT modality; in AUDIO they are reasoning and the answer is the transcription.</summary>
        public bool TextPartsAreAnswer => ResponseModality == Modality.Text;

        /// <summary>Opens the socket, sends <c>setup</c> and waits for <c>setupComplete</c>.</summary>
        /// <exception cref="GeminiSessionException">The service closed the connection before <c>setupComplete</c>.</exception>
        /// <exception cref="GeminiConnectionException">The socket could not be opened or setup timed out.</exception>
        public static async Task<GeminiSession> ConnectAsync(GeminiSessionOptions options, CancellationToken cancellationToken = default)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            Uri url = LiveEndpoint.Build(options.Endpoint, options.ApiVersion, options.Credential.IsEphemeralToken);
            LiveSetup setup = options.BuildSetup();
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader(options.Credential.HeaderName, options.Credential.HeaderValue);
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
            var session = new GeminiSession(socket, options, url, setup);
            try
            {
                using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    connectTimeout.CancelAfter(options.ConnectTimeout);
                    try
                    {
                        await socket.ConnectAsync(url, connectTimeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new GeminiConnectionException($"Connecting to {url.GetLeftPart(UriPartial.Authority)} timed out after {options.ConnectTimeout.TotalSeconds:0} s.");
                    }
                    catch (WebSocketException ex)
                    {
                        throw new GeminiConnectionException(
                            $"Could not open the Live API WebSocket at {url.GetLeftPart(UriPartial.Path)}: {options.Credential.Redact(Flatten(ex))}", ex);
                    }
                }
                session.ConnectedAt = DateTimeOffset.Now;
                session.Start();
                await session.SendAsync(new ClientMessage { Setup = setup }, SendPriority.Control, cancellationToken).ConfigureAwait(false);
                Task finished = await Task.WhenAny(session._setupComplete.Task, Task.Delay(options.SetupTimeout, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (finished != session._setupComplete.Task)
                    throw new GeminiConnectionException($"The service did not answer setup within {options.SetupTimeout.TotalSeconds:0} s.");
                SetupComplete complete = await session._setupComplete.Task.ConfigureAwait(false);
                session.ServerSessionId = complete.SessionId;
                session.MarkOpen();
                return session;
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>Queues a message for the send loop and waits until it is on the wire.</summary>
        public async Task SendAsync(ClientMessage message, SendPriority priority, CancellationToken cancellationToken = default)
        {
            if (message == null) throw new ArgumentNullException(nameof(message));
            ThrowIfEnded();
            string kind = string.Join("+", message.PresentKinds());
            var outgoing = new OutgoingMessage(ProtocolJson.SerializeClientMessage(message), kind);
            if (_options.Recorder != null && message.RealtimeInput?.Audio is { Data: { Length: > 0 } audio } blob)
            {
                // Copied now: the caller's buffer is only ours until this call returns, the message may go out later.
                outgoing.RecordedAudio = audio.ToArray();
                outgoing.RecordedSampleRate = PcmFormat.FromMimeType(blob.MimeType, PcmFormat.Input16k.SampleRate).SampleRate;
            }
            try
            {
                await _sendQueue.EnqueueAsync(outgoing, priority, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                ThrowIfEnded();
                throw;
            }
            using (cancellationToken.Register(() => outgoing.Sent.TrySetCanceled()))
            {
                await outgoing.Sent.Task.ConfigureAwait(false);
            }
        }

        /// <summary>Sends user text as one complete turn, by the path the model prefers (protocol.md §4.2, §4.3).</summary>
        public Task SendTextAsync(string text, CancellationToken cancellationToken = default)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            TurnCount++;
            ClientMessage message = SendsRealtimeText
                ? new ClientMessage { RealtimeInput = new RealtimeInput { Text = text } }
                : new ClientMessage
                {
                    ClientContent = new ClientContent { Turns = new List<Content> { Content.FromText(text, "user") }, TurnComplete = true },
                };
            return SendTurnAsync(message, cancellationToken);
        }

        private async Task SendTurnAsync(ClientMessage message, CancellationToken cancellationToken)
        {
            // Counted before it can be answered (a fast reply must find it); uncounted when it never went out.
            lock (_gate) _turnsInFlight++;
            try
            {
                await SendAsync(message, SendPriority.Control, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lock (_gate)
                {
                    if (_turnsInFlight > 0) _turnsInFlight--;
                }
                throw;
            }
        }

        /// <inheritdoc />
        public int TakeWaitingMessages(ICollection<ServerMessage> into)
        {
            if (into == null) throw new ArgumentNullException(nameof(into));
            lock (_gate)
            {
                while (_inbox.Reader.TryRead(out ServerMessage? message)) into.Add(message);
                return _turnsInFlight;
            }
        }

        /// <summary>Answers function calls (several may share one message). Control lane: ahead of queued audio.</summary>
        public Task SendToolResponseAsync(IEnumerable<FunctionResponse> responses, CancellationToken cancellationToken = default)
        {
            var list = new List<FunctionResponse>(responses);
            if (list.Count == 0) throw new ArgumentException("At least one function response is needed.", nameof(responses));
            return SendAsync(new ClientMessage { ToolResponse = new ToolResponse { FunctionResponses = list } }, SendPriority.Control, cancellationToken);
        }

        /// <summary>Builds a <c>{"error": …}</c> function response for a call that could not be run.</summary>
        public static FunctionResponse ErrorResponse(FunctionCall call, string error)
        {
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, JsonElement> { ["error"] = JsonString(error) },
                ProtocolJson.Context.DictionaryStringJsonElement);
            using JsonDocument document = JsonDocument.Parse(json);
            return new FunctionResponse { Id = call.Id, Name = call.Name, Response = document.RootElement.Clone() };
        }

        /// <summary>Reads the next server message, or null when the session ended normally.</summary>
        /// <exception cref="GeminiSessionException">The service closed the session with an error, or the connection was lost.</exception>
        public Task<ServerMessage?> ReadMessageAsync(CancellationToken cancellationToken = default)
            => ServerMessageInbox.ReadAsync(_inbox.Reader, Model, cancellationToken);

        /// <summary>Sends a normal close (1000) and waits for both loops to end.</summary>
        public async Task CloseAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _closeRequested, 1) == 1)
            {
                await WaitForLoopsAsync().ConfigureAwait(false);
                return;
            }
            lock (_gate)
            {
                if (State == GeminiSessionState.Open || State == GeminiSessionState.Connecting) State = GeminiSessionState.Closing;
            }
            _sendQueue.Complete(new ObjectDisposedException(nameof(GeminiSession), "The session is closing."));
            try
            {
                await _sendLoop.ConfigureAwait(false);
                if (_socket.State == WebSocketState.Open || _socket.State == WebSocketState.CloseReceived)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(3));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token).ConfigureAwait(false);
                    await Task.WhenAny(_receiveLoop, Task.Delay(TimeSpan.FromSeconds(3), timeout.Token)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
                // The peer is already gone: the close is as done as it can be. Recorded, not rethrown.
                CloseReason ??= "Closed locally: " + ex.Message;
            }
            finally
            {
                _lifetime.Cancel();
                await WaitForLoopsAsync().ConfigureAwait(false);
                MarkClosed();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await CloseAsync().ConfigureAwait(false);
            _socket.Dispose();
            _lifetime.Dispose();
        }

        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        public override string ToString() => $"Gemini session {Id} ({Model}, {State})";

        private void Start()
        {
            _receiveLoop = Task.Run(ReceiveLoopAsync);
            _sendLoop = Task.Run(SendLoopAsync);
        }

        private async Task WaitForLoopsAsync()
        {
            try
            {
                await Task.WhenAll(_receiveLoop, _sendLoop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is ObjectDisposedException)
            {
                // The loops record their own failures (CloseError); a cancelled or broken loop at shutdown is expected.
                CloseReason ??= ex.Message;
            }
        }

        private async Task SendLoopAsync()
        {
            CancellationToken token = _lifetime.Token;
            OutgoingMessage? current = null;
            try
            {
                while ((current = await _sendQueue.DequeueAsync(token).ConfigureAwait(false)) != null)
                {
                    await _socket.SendAsync(new ArraySegment<byte>(current.Utf8Json), WebSocketMessageType.Text, true, token).ConfigureAwait(false);
                    Statistics.Sent(current.Utf8Json.Length);
                    // On the wire now: this is the user audio the service got, at this moment.
                    if (current.RecordedAudio != null) _options.Recorder?.OfferUserAudio(current.RecordedAudio, current.RecordedSampleRate);
                    current.Sent.TrySetResult(true);
                    current = null;
                }
            }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                Exception failure = (Exception?)CloseError ?? new GeminiSessionException(CloseCodes.Abnormal, "The connection was lost while sending: " + ex.Message, Model, ex);
                current?.Sent.TrySetException(failure);
                _sendQueue.Complete(failure);
            }
        }

        private async Task ReceiveLoopAsync()
        {
            CancellationToken token = _lifetime.Token;
            using var buffer = new MessageBuffer();
            Exception? failure = null;
            try
            {
                while (true)
                {
                    buffer.Reset();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await _socket.ReceiveAsync(buffer.GetFreeSegment(), token).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close) break;
                        buffer.Advance(result.Count);
                        if (buffer.Length > _options.MaxMessageBytes)
                            throw new GeminiSessionException(CloseCodes.MessageTooBig, $"A server message exceeded {_options.MaxMessageBytes} bytes.", Model);
                    }
                    while (!result.EndOfMessage);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        failure = OnCloseReceived();
                        return;
                    }
                    Deliver(buffer);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Closed by us.
            }
            catch (GeminiSessionException ex)
            {
                failure = ex;
            }
            catch (Exception ex) when (ex is WebSocketException || ex is System.IO.IOException || ex is ObjectDisposedException)
            {
                failure = Volatile.Read(ref _closeRequested) == 1
                    ? null
                    : new GeminiSessionException(CloseCodes.Abnormal, "The connection was lost without a close frame.", Model, ex);
            }
            finally
            {
                if (failure is GeminiSessionException closed)
                {
                    CloseError = closed;
                    CloseCode = closed.CloseCode;
                    CloseReason = closed.Reason;
                }
                // State first, so whoever is woken by the completions below already sees a closed session.
                MarkClosed();
                Exception ended = failure ?? new GeminiSessionException(CloseCode ?? CloseCodes.NormalClosure, CloseReason ?? "The session was closed.", Model);
                _setupComplete.TrySetException(ended);
                _inbox.Writer.TryComplete(failure);
                _sendQueue.Complete(ended);
            }
        }

        private void Deliver(MessageBuffer buffer)
        {
            ServerMessage message;
            try
            {
                message = ProtocolJson.DeserializeServerMessage(buffer.WrittenSpan);
            }
            catch (JsonException)
            {
                // A frame that is not a server message never ends the session (protocol.md §11.13); it is counted.
                Statistics.Malformed();
                return;
            }
            message.ReceivedAt = DateTimeOffset.Now;
            message.WireBytes = buffer.Length;
            Statistics.Received(buffer.Length);

            if (message.SetupComplete != null && !_setupComplete.Task.IsCompleted)
            {
                _setupComplete.TrySetResult(message.SetupComplete);
                return;
            }
            // Before the inbox: once the message is there its reader may dispose it and hand the pooled audio back.
            if (_options.Recorder != null) RecordModelAudio(_options.Recorder, message);
            if (message.SessionResumptionUpdate is { Resumable: true, NewHandle: { Length: > 0 } handle })
                ResumptionHandle = handle;
            if (message.GoAway != null)
            {
                LastGoAway = message.GoAway;
                GoAwayReceivedAt = message.ReceivedAt;
            }
            // Tracked here, on the receive thread, so deadlines and cancellations work while nobody reads the inbox.
            if (message.ToolCall != null) ToolCalls.Track(message.ToolCall, message.ReceivedAt);
            if (message.ToolCallCancellation?.Ids != null) ToolCalls.Cancel(message.ToolCallCancellation.Ids);
            lock (_gate)
            {
                // With the count of turns in flight (see TakeWaitingMessages).
                if (message.ServerContent?.TurnComplete == true && _turnsInFlight > 0) _turnsInFlight--;
                _inbox.Writer.TryWrite(message);
            }
        }

        /// <summary>
        /// Hands the model audio of <paramref name="message"/> to the recorder as received (a reply cut by barge-in
        /// included: what the service sent is recorded, whether or not it was played).
        /// </summary>
        private static void RecordModelAudio(ConversationRecorder recorder, ServerMessage message)
        {
            List<Part>? parts = message.ServerContent?.ModelTurn?.Parts;
            if (parts == null) return;
            foreach (Part part in parts)
            {
                Blob? blob = part.InlineData;
                if (part.Thought == true || blob?.Data == null || blob.Data.Length == 0) continue;
                if (blob.MimeType == null || !blob.MimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)) continue;
                recorder.RecordModelAudio(blob.Data.Memory.Span, PcmFormat.FromMimeType(blob.MimeType, PcmFormat.Output24k.SampleRate).SampleRate);
            }
        }

        private GeminiSessionException? OnCloseReceived()
        {
            int code = _socket.CloseStatus.HasValue ? (int)_socket.CloseStatus.Value : CloseCodes.NoStatus;
            string reason = _options.Credential.Redact(_socket.CloseStatusDescription ?? string.Empty);
            CloseCode = code;
            CloseReason = reason;
            if (_socket.State == WebSocketState.CloseReceived)
            {
                // Acknowledge the close; the peer is waiting for it. Not awaited past a short bound.
                _ = _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None)
                    .ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
            // A close we asked for is not an error; neither is a plain 1000 after our own close.
            if (Volatile.Read(ref _closeRequested) == 1 && (code == CloseCodes.NormalClosure || code == CloseCodes.NoStatus)) return null;
            return new GeminiSessionException(code, reason, Model);
        }

        private void MarkOpen()
        {
            lock (_gate)
            {
                if (State == GeminiSessionState.Connecting) State = GeminiSessionState.Open;
            }
        }

        private void MarkClosed()
        {
            lock (_gate)
            {
                if (State == GeminiSessionState.Closed) return;
                State = GeminiSessionState.Closed;
                ClosedAt = DateTimeOffset.Now;
            }
        }

        private void ThrowIfEnded()
        {
            if (CloseError != null) throw new GeminiSessionException(CloseError.CloseCode, CloseError.Reason, Model, CloseError);
            if (State == GeminiSessionState.Closed || State == GeminiSessionState.Closing || Volatile.Read(ref _closeRequested) == 1)
                throw new InvalidOperationException($"Session {Id} is closed; connect again with Connect-GeminiRealtime.");
        }

        private static JsonElement JsonString(string value)
        {
            using JsonDocument document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(value, ProtocolJson.Context.String));
            return document.RootElement.Clone();
        }

        private static string Flatten(Exception ex)
        {
            string text = ex.Message;
            for (Exception? inner = ex.InnerException; inner != null; inner = inner.InnerException) text += " " + inner.Message;
            return text;
        }
    }
}
