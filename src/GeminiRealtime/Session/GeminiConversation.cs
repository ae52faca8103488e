using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GeminiRealtime.Audio;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;
using GeminiRealtime.Supervision;
using GeminiRealtime.Tools;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// A conversation that outlives its connections. It owns the current <see cref="GeminiSession"/> and replaces it:
    /// on <c>goAway</c> (after the turn in progress, before the announced cut) with the newest resumption handle; on
    /// retryable closes (1000, 1006, 1011 but quota) with back-off and jitter (<see cref="ReconnectPolicy"/>); when a
    /// stale handle is refused (1008 session not found) with a fresh session seeded from the transcript; when the model
    /// stalls (no message while a turn waits, <see cref="ConversationOptions.StallTimeout"/>). 1007, other 1008 and quota
    /// closes end it. Messages sent meanwhile are queued and go out once, in order; a user turn whose
    /// <c>turnComplete</c> never came is sent again on the new connection (readers get a
    /// <see cref="LocalSignals.TurnRestarted"/> message first when part of its answer had arrived), unless its tool
    /// calls already ran (or started to): then it is reported (<see cref="LocalSignals.TurnLost"/>: interrupted +
    /// turnComplete), never run twice. Besides user turns, the model owes a turn for each NON_BLOCKING tool result it
    /// was sent (not SILENT): that turn answers no user turn, and its messages are marked
    /// (<see cref="ServerMessage.ToolResultTurn"/>).
    /// Two pumps: the receive pump (the only reader of the current session, the only writer of <see cref="Messages"/>,
    /// and the one that reconnects) and the send pump (the only sender). Everything it does on its own is told in
    /// <see cref="Notices"/> and in the <see cref="Transcript"/>.
    /// </summary>
    public sealed class GeminiConversation : IGeminiSession
    {
        private readonly GeminiSessionOptions _options;
        private readonly ConversationOptions _settings;
        private readonly ReconnectPolicy _policy;
        private readonly Channel<ServerMessage> _inbox;
        private readonly Channel<ConversationNotice> _notices = Channel.CreateBounded<ConversationNotice>(
            new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        private readonly Channel<PendingSend> _outgoing = Channel.CreateUnbounded<PendingSend>(new UnboundedChannelOptions { SingleReader = true });
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private readonly object _gate = new object();
        private readonly List<InFlightTurn> _inFlight = new List<InFlightTurn>();
        // Function calls of the current connection not answered yet: the turn each belongs to, and whether its answer
        // makes the model speak again (NON_BLOCKING). Guarded by _gate; cleared when the connection is replaced.
        private readonly List<OpenCall> _openCalls = new List<OpenCall>();
        private readonly List<string?> _handlesUsed = new List<string?>();
        private readonly TranscriptRecorder _recorder;
        private readonly TranscriptFileWriter? _file;
        private readonly ConversationRecorder? _audio;
        private GeminiSession _current;
        private TaskCompletionSource<GeminiSession> _ready = NewReady();
        private TaskCompletionSource<bool> _switched = NewSignal();
        private TaskCompletionSource<bool> _wake = NewSignal();
        private SessionStatistics _closedStatistics = new SessionStatistics();
        private bool _switching;
        private int _generation = 1;
        private bool _awaitingToolResponse;
        // The generation in progress was cut (interrupted) before its turnComplete.
        private bool _generationCut;
        private bool _awaitingHandle;
        private long _transcriptMarkAtHandle;
        private string? _handle;
        private GoAway? _lastGoAway;
        private GeminiSessionException? _fatal;
        private Task _receivePump = Task.CompletedTask;
        // A read of the connection being left that was still pending when its pump stopped (receive pump only):
        // ReplaceAsync takes its message once the connection is closed (see DrainLeftConnectionAsync).
        private Task<ServerMessage?>? _unreadOfLeft;
        private Task _sendPump = Task.CompletedTask;
        private int _closeRequested;
        private int _turnCount;
        private SupervisorReviewLoop? _review;
        // A reply is being generated (model content seen, no turnComplete yet): guidance must wait (clientContent interrupts).
        private bool _modelGenerating;
        // Guidance that reached the send pump while the conversation was busy; queued again at the next idle turnComplete.
        private readonly List<PendingSend> _waitingForIdle = new List<PendingSend>();

        private GeminiConversation(GeminiSessionOptions options, ConversationOptions settings, GeminiSession first, GeminiTranscript transcript, TimeSpan unattendedToolCallTimeout,
            ConversationRecorder? audio)
        {
            // Tool calls are tracked and answered here, through the send pump (so a turn whose tools ran is never re-sent);
            // the connections' own trackers never answer on their own (see ConnectAsync).
            ToolCalls = new ToolCallTracker((responses, token) => SendToolResponseAsync(responses, token), unattendedToolCallTimeout, _lifetime.Token);
            _options = options;
            _settings = settings;
            _current = first;
            Id = first.Id;
            ConnectedAt = first.ConnectedAt;
            _policy = new ReconnectPolicy(settings.MaxConsecutiveFailures, settings.StableAfter, settings.BackoffBase, settings.BackoffMax, settings.JitterSeed);
            _inbox = Channel.CreateBounded<ServerMessage>(
                new BoundedChannelOptions(Math.Max(16, settings.InboxCapacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
                dropped => dropped.Dispose());
            Transcript = transcript;
            _recorder = new TranscriptRecorder(transcript, first.TextPartsAreAnswer);
            if (settings.TranscriptPath != null) _file = new TranscriptFileWriter(transcript, settings.TranscriptPath);
            _handle = first.ResumptionHandle;
            _audio = audio;
            if (audio != null)
            {
                audio.Failed += (sender, e) => OnRecordingFailed(e.GetException());
                audio.FellBehind += (sender, e) => Notify(ConversationNoticeLevel.Warning,
                    $"Recording to {audio.Path}: the disk does not keep up, so audio chunks are left out of the recording (the conversation is not affected).");
                if (audio.Failure != null) OnRecordingFailed(audio.Failure);
            }
        }

        /// <summary>The id of the first connection; it stays the conversation's id across reconnects.</summary>
        public int Id { get; }
        public string Model => _options.ModelId;
        public LiveModel? ModelInfo => _current.ModelInfo;
        public string? Voice => _options.Voice;
        public string ResponseModality => _current.ResponseModality;
        public string ApiVersion => _options.ApiVersion;
        public Uri Url => _current.Url;
        public Uri? Endpoint => _options.Endpoint;
        public LiveSetup Setup => _current.Setup;
        public string Credential => _options.Credential.ToString();
        public DateTimeOffset ConnectedAt { get; }
        public DateTimeOffset? ClosedAt { get; private set; }
        public string? ServerSessionId => _current.ServerSessionId;
        /// <summary>The newest resumable handle (kept across connections; dropped when the service refused it).</summary>
        public string? ResumptionHandle
        {
            get { lock (_gate) return _handle; }
        }
        public GoAway? LastGoAway => _lastGoAway;
        public GeminiSessionException? CloseError => _fatal ?? _current.CloseError;
        public int? CloseCode => _fatal?.CloseCode ?? _current.CloseCode;
        public string? CloseReason => _fatal?.Reason ?? _current.CloseReason;
        public int TurnCount => Volatile.Read(ref _turnCount);
        public bool SendsRealtimeText => _current.SendsRealtimeText;
        public bool TextPartsAreAnswer => _current.TextPartsAreAnswer;
        public ChannelReader<ServerMessage> Messages => _inbox.Reader;
        public ToolCallTracker ToolCalls { get; }

        public GeminiSessionState State
        {
            get
            {
                if (_fatal != null || Volatile.Read(ref _closeRequested) == 1) return ClosedAt.HasValue ? GeminiSessionState.Closed : GeminiSessionState.Closing;
                lock (_gate) return _switching ? GeminiSessionState.Reconnecting : GeminiSessionState.Open;
            }
        }

        /// <summary>Counters of every connection of the conversation so far.</summary>
        public SessionStatistics Statistics
        {
            get { lock (_gate) return SessionStatistics.Sum(_closedStatistics, _current.Statistics); }
        }

        /// <summary>The current connection.</summary>
        public GeminiSession Connection
        {
            get { lock (_gate) return _current; }
        }

        /// <summary>How many times the conversation moved to a new connection.</summary>
        public int Reconnects { get; private set; }

        /// <summary>The handle sent in <c>setup</c> by each reconnect, in order (null: a fresh, seeded session).</summary>
        public IReadOnlyList<string?> HandlesUsed
        {
            get { lock (_gate) return _handlesUsed.ToArray(); }
        }

        /// <summary>Whether it reconnects on its own (false with Connect-GeminiRealtime -NoReconnect).</summary>
        public bool AutoReconnect => _settings.AutoReconnect;

        public GeminiTranscript Transcript { get; }

        /// <summary>Where the transcript is streamed as JSON lines, or null.</summary>
        public string? TranscriptPath => _file?.Path;

        /// <summary>Where both directions of the conversation are recorded (a 24 kHz stereo WAV file), or null.</summary>
        public string? RecordPath => _audio?.Path;

        /// <summary>The recording of both directions (its length, dropped chunks, failure), or null.</summary>
        public ConversationRecorder? Recorder => _audio;

        /// <summary>What the conversation did on its own, for the user (read by the cmdlets on the pipeline thread).</summary>
        public ChannelReader<ConversationNotice> Notices => _notices.Reader;

        /// <summary>The supervisor model (<see cref="ConversationOptions.Supervisor"/>), or null.</summary>
        public ModelSupervisor? Supervisor => _settings.Supervisor;

        /// <summary>Reviews the supervisor model completed (0 without one).</summary>
        public int SupervisorReviews => _review?.Reviews ?? 0;

        /// <summary>Whether guidance can be pushed into this model's session mid-conversation (<see cref="SupervisorGuidance.CanPush"/>).</summary>
        public bool CanPushGuidance => SupervisorGuidance.CanPush(ModelInfo);

        /// <summary>
        /// Opens the first connection (errors propagate: nothing is retried before the conversation exists), seeds it
        /// with <see cref="ConversationOptions.Resume"/> when given, and starts the pumps. <paramref name="options"/> is
        /// owned by the conversation from here on (its handle changes per reconnect).
        /// </summary>
        public static async Task<GeminiConversation> ConnectAsync(GeminiSessionOptions options, ConversationOptions? settings = null, CancellationToken cancellationToken = default)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            settings ??= new ConversationOptions();
            if (settings.RecordPath != null && options.Recorder != null)
                throw new ArgumentException("Set either ConversationOptions.RecordPath or GeminiSessionOptions.Recorder, not both.", nameof(settings));
            var transcript = new GeminiTranscript(options.ModelId);
            List<Content> seed = new List<Content>();
            if (settings.Resume != null)
            {
                foreach (TranscriptEntry entry in settings.Resume.Entries) transcript.Add(Copy(entry));
                seed = ConversationSeed.Build(settings.Resume.Dialogue(), ModelCatalog.Find(options.ModelId), settings.SeedMaxCharacters);
            }
            options.InitialHistoryInClientContent = seed.Count > 0 && ConversationSeed.UsesHistoryConfig(ModelCatalog.Find(options.ModelId));
            TimeSpan unattended = options.UnattendedToolCallTimeout;
            options.UnattendedToolCallTimeout = ConnectionUnattendedTimeout;
            ConversationRecorder? audio = null;
            GeminiSession? first = null;
            GeminiConversation conversation;
            try
            {
                // Opened before connecting, so a path that cannot be written fails before anything goes on the wire.
                audio = settings.RecordPath == null ? null
                    : settings.OpenRecorder != null ? settings.OpenRecorder(settings.RecordPath) : new ConversationRecorder(settings.RecordPath);
                options.Recorder = audio;
                first = await GeminiSession.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
                options.InitialHistoryInClientContent = false;
                if (seed.Count > 0)
                {
                    await first.SendAsync(new ClientMessage { ClientContent = new ClientContent { Turns = seed, TurnComplete = false } }, SendPriority.Control, cancellationToken).ConfigureAwait(false);
                }
                conversation = new GeminiConversation(options, settings, first, transcript, unattended, audio);
            }
            catch
            {
                // Nothing the conversation would have owned outlives a failed connect: connection, recording, supervisor.
                if (first != null) await first.DisposeAsync().ConfigureAwait(false);
                options.Recorder = null;
                if (audio != null) await audio.AbandonAsync().ConfigureAwait(false);
                settings.Supervisor?.Dispose();
                throw;
            }
            if (seed.Count > 0)
            {
                conversation._recorder.Event($"Resumed an earlier conversation: seeded with {seed.Count} clientContent turn(s).", conversation.Id);
                conversation.Notify(ConversationNoticeLevel.Verbose, $"Seeded the session with {seed.Count} turn(s) of the earlier conversation as clientContent (turnComplete: false).");
            }
            if (settings.Supervisor != null && SupervisorGuidance.CanPush(conversation.ModelInfo)) conversation._review = new SupervisorReviewLoop(settings.Supervisor, conversation);
            conversation.Start();
            return conversation;
        }

        /// <summary>
        /// The unattended-call timeout of the connections inside a conversation: effectively never, so only the
        /// conversation's <see cref="ToolCalls"/> answers (an answer from a connection's own tracker would be a second one).
        /// </summary>
        internal static readonly TimeSpan ConnectionUnattendedTimeout = TimeSpan.FromDays(24);

        public Task SendTextAsync(string text, CancellationToken cancellationToken = default)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            ClientMessage message = SendsRealtimeText
                ? new ClientMessage { RealtimeInput = new RealtimeInput { Text = text } }
                : new ClientMessage { ClientContent = new ClientContent { Turns = new List<Content> { Content.FromText(text, "user") }, TurnComplete = true } };
            return SendAsync(message, SendPriority.Control, cancellationToken);
        }

        public Task SendToolResponseAsync(IEnumerable<FunctionResponse> responses, CancellationToken cancellationToken = default)
        {
            var list = new List<FunctionResponse>(responses);
            if (list.Count == 0) throw new ArgumentException("At least one function response is needed.", nameof(responses));
            return SendAsync(new ClientMessage { ToolResponse = new ToolResponse { FunctionResponses = list } }, SendPriority.Control, cancellationToken);
        }

        /// <summary>Queues a message for the current (or next) connection and waits until it is on the wire or handed over for re-sending.</summary>
        public async Task SendAsync(ClientMessage message, SendPriority priority, CancellationToken cancellationToken = default)
        {
            if (message == null) throw new ArgumentNullException(nameof(message));
            ThrowIfEnded();
            string? userText = UserTextOf(message);
            InFlightTurn? turn = userText == null ? null : new InFlightTurn(message, userText);
            if (turn != null) Interlocked.Increment(ref _turnCount);
            await EnqueueAsync(message, priority, turn, waitsForIdle: false, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Queues a message for the send pump and waits until it is on the wire (or handed over for re-sending).</summary>
        private async Task EnqueueAsync(ClientMessage message, SendPriority priority, InFlightTurn? turn, bool waitsForIdle, CancellationToken cancellationToken)
        {
            int generation;
            lock (_gate) generation = _generation;
            var pending = new PendingSend(message, priority, turn, generation) { WaitsForIdle = waitsForIdle };
            if (!_outgoing.Writer.TryWrite(pending)) ThrowIfEnded();
            using (cancellationToken.Register(() => pending.Done.TrySetCanceled()))
            {
                await pending.Done.Task.ConfigureAwait(false);
            }
        }

        public Task<ServerMessage?> ReadMessageAsync(CancellationToken cancellationToken = default)
            => ServerMessageInbox.ReadAsync(_inbox.Reader, Model, cancellationToken);

        /// <summary>
        /// Pushes supervisor guidance into the live session (<see cref="SupervisorGuidance.ToMessage"/>: history only, no
        /// reply) and records it in the transcript. <paramref name="source"/> says whose it is (e.g. "model gemini-2.5-pro").
        /// </summary>
        /// <exception cref="NotSupportedException">The model takes clientContent only as initial history.</exception>
        public async Task SendGuidanceAsync(string guidance, string source, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(guidance)) throw new ArgumentException("The guidance is empty.", nameof(guidance));
            if (!CanPushGuidance)
                throw new NotSupportedException($"{Model} takes clientContent only as initial history, so guidance cannot be pushed into its session; the supervisor can still answer ask_supervisor.");
            string text = SupervisorGuidance.Trim(guidance);
            ThrowIfEnded();
            await EnqueueAsync(SupervisorGuidance.ToMessage(text), SendPriority.Control, null, waitsForIdle: true, cancellationToken).ConfigureAwait(false);
            GeminiSession current;
            lock (_gate) current = _current;
            Transcript.Add(new TranscriptEntry(TranscriptRole.Supervisor, TranscriptEntryKind.Guidance, text, DateTimeOffset.Now) { Source = source, ConnectionId = current.Id });
            Notify(ConversationNoticeLevel.Verbose, $"Supervisor guidance ({source}) sent as clientContent (turnComplete: false): {(text.Length > 120 ? text.Substring(0, 120) + "…" : text)}");
        }

        /// <summary>Closes the current connection normally (1000), stops the pumps and the transcript file.</summary>
        public async Task CloseAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _closeRequested, 1) == 1)
            {
                await WaitForPumpsAsync().ConfigureAwait(false);
                return;
            }
            _outgoing.Writer.TryComplete();
            _lifetime.Cancel();
            if (_review != null) await _review.DisposeAsync().ConfigureAwait(false);
            await WaitForPumpsAsync().ConfigureAwait(false);
            GeminiSession current;
            lock (_gate) current = _current;
            await current.CloseAsync(cancellationToken).ConfigureAwait(false);
            var closed = new ObjectDisposedException(nameof(GeminiConversation), "The conversation is closed.");
            lock (_gate)
            {
                _ready.TrySetException(closed);
                _switching = false;
            }
            while (_outgoing.Reader.TryRead(out PendingSend? left)) left.Done.TrySetException(closed);
            lock (_gate)
            {
                foreach (PendingSend waiting in _waitingForIdle) waiting.Done.TrySetException(closed);
                _waitingForIdle.Clear();
            }
            _inbox.Writer.TryComplete();
            // After the last connection closed: everything it sent and received is in the recording.
            if (_audio != null) await _audio.DisposeAsync().ConfigureAwait(false);
            _notices.Writer.TryComplete();
            _file?.Dispose();
            _settings.Supervisor?.Dispose();
            ClosedAt = DateTimeOffset.Now;
        }

        public async ValueTask DisposeAsync()
        {
            await CloseAsync().ConfigureAwait(false);
            GeminiSession current;
            lock (_gate) current = _current;
            await current.DisposeAsync().ConfigureAwait(false);
            _lifetime.Dispose();
        }

        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        public override string ToString() => $"Gemini conversation {Id} ({Model}, {State}, {Reconnects} reconnect(s))";

        // ---- pumps ----

        private void Start()
        {
            _policy.Connected(DateTimeOffset.Now);
            lock (_gate) _ready.TrySetResult(_current);
            _receivePump = Task.Run(ReceivePumpAsync);
            _sendPump = Task.Run(SendPumpAsync);
        }

        private async Task WaitForPumpsAsync()
        {
            try
            {
                await Task.WhenAll(_receivePump, _sendPump).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                // Cancelled by CloseAsync: the pumps stop where they were.
            }
        }

        private async Task ReceivePumpAsync()
        {
            GeminiSession session;
            lock (_gate) session = _current;
            try
            {
                while (true)
                {
                    Ending ending = await PumpAsync(session).ConfigureAwait(false);
                    if (ending.Kind == EndingKind.Closed) return;
                    GeminiSession? next = await ReplaceAsync(session, ending).ConfigureAwait(false);
                    if (next == null) return;
                    session = next;
                }
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                // CloseAsync: the conversation ends here.
            }
            catch (Exception ex)
            {
                Fail(new GeminiSessionException(CloseCodes.Abnormal, "The conversation failed: " + ex.Message, Model, ex));
            }
        }

        /// <summary>Reads one connection until it ends, it should be left (goAway drained), or the model stalls.</summary>
        private async Task<Ending> PumpAsync(GeminiSession session)
        {
            CancellationToken token = _lifetime.Token;
            DateTimeOffset lastMessageAt = DateTimeOffset.Now;
            DateTimeOffset? drainUntil = null;
            DateTimeOffset cut = DateTimeOffset.MaxValue;
            Task<ServerMessage?>? read = null;
            try
            {
                while (true)
                {
                    read ??= session.ReadMessageAsync(token);
                    TimeSpan? wait = null;
                    DateTimeOffset now = DateTimeOffset.Now;
                    Task wake;
                    lock (_gate)
                    {
                        wake = _wake.Task;
                        TimeSpan? stall = _settings.StallTimeout;
                        if (stall.HasValue && stall.Value > TimeSpan.Zero && _inFlight.Count > 0 && !_awaitingToolResponse)
                        {
                            DateTimeOffset since = lastMessageAt > _inFlight[_inFlight.Count - 1].SentAt ? lastMessageAt : _inFlight[_inFlight.Count - 1].SentAt;
                            wait = since + stall.Value - now;
                        }
                        if (drainUntil.HasValue && (!wait.HasValue || drainUntil.Value - now < wait.Value)) wait = drainUntil.Value - now;
                    }
                    if (wait.HasValue && wait.Value <= TimeSpan.Zero)
                    {
                        if (drainUntil.HasValue && now >= drainUntil.Value)
                        {
                            (_unreadOfLeft, read) = (read, null);
                            return Ending.GoAway(cut - now);
                        }
                        if (!_settings.AutoReconnect)
                        {
                            Notify(ConversationNoticeLevel.Warning, $"The model has been silent for {(now - lastMessageAt).TotalSeconds:0} s while a turn waits for its reply (stall); -NoReconnect is set, so the client keeps waiting.");
                            lastMessageAt = now;
                            continue;
                        }
                        (_unreadOfLeft, read) = (read, null);
                        return Ending.Stall(now - lastMessageAt);
                    }

                    using (var timer = CancellationTokenSource.CreateLinkedTokenSource(token))
                    {
                        var waits = new List<Task> { read, wake };
                        if (wait.HasValue) waits.Add(Task.Delay(wait.Value, timer.Token));
                        await Task.WhenAny(waits).ConfigureAwait(false);
                        timer.Cancel();
                    }
                    token.ThrowIfCancellationRequested();
                    lock (_gate)
                    {
                        if (_wake.Task.IsCompleted) _wake = NewSignal();
                    }
                    if (!read.IsCompleted) continue;

                    ServerMessage? message;
                    try
                    {
                        message = await read.ConfigureAwait(false);
                    }
                    catch (GeminiSessionException ex)
                    {
                        read = null;
                        return Ending.Failed(ex);
                    }
                    read = null;
                    if (message == null)
                    {
                        if (Volatile.Read(ref _closeRequested) == 1) return Ending.Closed();
                        return Ending.Failed(session.CloseError ?? new GeminiSessionException(session.CloseCode ?? CloseCodes.NormalClosure, session.CloseReason ?? "The service ended the connection.", Model));
                    }
                    lastMessageAt = DateTimeOffset.Now;
                    Handle(message, session);

                    if (message.GoAway != null)
                    {
                        TimeSpan left = GoAwayLeft(message.GoAway);
                        if (_settings.AutoReconnect)
                        {
                            TimeSpan margin = _settings.GoAwayMargin < TimeSpan.FromTicks(left.Ticks / 2) ? _settings.GoAwayMargin : TimeSpan.FromTicks(left.Ticks / 2);
                            drainUntil = lastMessageAt + left - margin;
                            cut = lastMessageAt + left;
                            lock (_gate) HoldSends();
                            Notify(ConversationNoticeLevel.Verbose, $"goAway received ({left.TotalSeconds:0} s left): new messages wait; switching connections after the turn in progress.");
                        }
                        else
                        {
                            Notify(ConversationNoticeLevel.Warning, $"The service will end this connection in {left.TotalSeconds:0} s (goAway); -NoReconnect is set, so the session ends then.");
                        }
                    }
                    if (drainUntil.HasValue)
                    {
                        bool idle;
                        lock (_gate) idle = _inFlight.Count == 0 && !_awaitingHandle && !_awaitingToolResponse;
                        if (idle) return Ending.GoAway(cut - DateTimeOffset.Now);
                    }
                }
            }
            finally
            {
                // A read still pending on a connection being left: its end (or a late message) is no longer wanted.
                if (read != null) _ = read.ContinueWith(DiscardLateRead, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        private static void DiscardLateRead(Task<ServerMessage?> late)
        {
            if (late.Status == TaskStatus.RanToCompletion) late.Result?.Dispose();
            else _ = late.Exception; // the connection we left ended as expected: observed, nothing to report
        }

        /// <summary>Bookkeeping for one message of the current connection, then hands it to the reader.</summary>
        private void Handle(ServerMessage message, GeminiSession session)
        {
            _recorder.Received(message, session.Id);
            if (message.ToolCall != null) ToolCalls.Track(message.ToolCall, message.ReceivedAt);
            if (message.ToolCallCancellation?.Ids != null) ToolCalls.Cancel(message.ToolCallCancellation.Ids);
            List<(PendingToolCall Call, bool NonBlocking)>? calls = null;
            if (message.ToolCall?.FunctionCalls is { } functionCalls)
            {
                // Only tool-call messages: every audio chunk passes here too.
                foreach (FunctionCall call in functionCalls)
                {
                    if (ToolCalls.Find(call) is PendingToolCall tracked) (calls ??= new List<(PendingToolCall, bool)>()).Add((tracked, IsNonBlocking(session.Setup, call.Name)));
                }
            }
            ServerContent? content = message.ServerContent;
            lock (_gate)
            {
                if (message.SessionResumptionUpdate is { Resumable: true, NewHandle: { Length: > 0 } handle })
                {
                    _handle = handle;
                    _awaitingHandle = false;
                    // The handle holds the turns completed before it, not a turn already sent and still in flight (it
                    // is issued between turns): the mark stops before the oldest such turn's entry, so a turn that
                    // completes after the handle is backfilled whole (its user text included) on a resume.
                    long mark = LastSequence();
                    TranscriptEntry? firstInFlight = _inFlight.Find(t => t.Entry != null)?.Entry;
                    if (firstInFlight != null && firstInFlight.Sequence - 1 < mark) mark = firstInFlight.Sequence - 1;
                    _transcriptMarkAtHandle = mark;
                }
                if (message.GoAway != null) _lastGoAway = message.GoAway;
                InFlightTurn? oldest = _inFlight.Count > 0 ? _inFlight[0] : null;
                bool answer = content?.ModelTurn?.Parts != null || content?.OutputTranscription != null || message.ToolCall != null;
                if (oldest != null && answer) oldest.AnswerForwarded = true;
                if (message.ToolCall != null) _awaitingToolResponse = true;
                if (answer) _modelGenerating = true;
                if (content?.Interrupted == true) _generationCut = true;
                // The generation in progress is the oldest turn's: when that is a tool result, no user turn's answer.
                if (oldest != null && oldest.IsToolResult) message.ToolResultTurn = true;
                if (calls != null)
                {
                    // The calls belong to the generation in progress: the oldest turn in flight.
                    foreach ((PendingToolCall call, bool nonBlocking) in calls)
                    {
                        oldest?.Calls.Add(call);
                        _openCalls.Add(new OpenCall(call, oldest, nonBlocking));
                    }
                }
                if (message.ToolCallCancellation?.Ids is { } cancelled) _openCalls.RemoveAll(c => c.Call.Id != null && cancelled.Contains(c.Call.Id));
                if (content?.TurnComplete == true)
                {
                    _modelGenerating = false;
                    if (oldest != null) _inFlight.RemoveAt(0);
                    if (_generationCut) AnswerCutterNext();
                    _generationCut = false;
                    _awaitingToolResponse = false;
                    _awaitingHandle = session.Setup.SessionResumption != null;
                    if (_settings.ResetFailuresOnTurnComplete) _policy.Progress();
                }
                // Under the gate with the in-flight list: TakeWaitingMessages sees both in the same state.
                _inbox.Writer.TryWrite(message);
                // Turns reported lost behind a re-sent one end here, in their place (see PrepareAsync).
                if (content?.TurnComplete == true)
                {
                    EndLostTurnsAtHead();
                    if (_inFlight.Count == 0) ReleaseWaitingForIdle();
                }
            }
            if (content?.TurnComplete == true) _review?.Request();
        }

        /// <summary>Writes the made-up <c>turnComplete</c> of each lost turn now first in flight (caller holds _gate).</summary>
        private void EndLostTurnsAtHead()
        {
            while (_inFlight.Count > 0 && _inFlight[0].Lost)
            {
                InFlightTurn lost = _inFlight[0];
                _inFlight.RemoveAt(0);
                _inbox.Writer.TryWrite(new ServerMessage
                {
                    LocalSignal = LocalSignals.TurnLost,
                    ReceivedAt = DateTimeOffset.Now,
                    ServerContent = new ServerContent { Interrupted = true, TurnComplete = true },
                    ToolResultTurn = lost.IsToolResult,
                });
            }
        }

        /// <summary>
        /// After a generation was cut (caller holds _gate): the input that cut it is answered at once, so the first turn
        /// in flight that interrupts goes first when only WHEN_IDLE results (they wait for the model to be idle) are
        /// ahead of it (protocol.md §4.4).
        /// </summary>
        private void AnswerCutterNext()
        {
            int cutter = _inFlight.FindIndex(t => t.Interrupts && !t.Lost);
            if (cutter <= 0) return;
            for (int i = 0; i < cutter; i++)
            {
                if (!_inFlight[i].WaitsForIdle && !_inFlight[i].Lost) return;
            }
            InFlightTurn next = _inFlight[cutter];
            _inFlight.RemoveAt(cutter);
            _inFlight.Insert(0, next);
        }

        /// <summary>
        /// Bookkeeping for a <c>toolResponse</c> about to be sent (caller holds _gate): the turn that made each call has
        /// run its tools (it is never sent again), and each answer to a NON_BLOCKING call that is not SILENT puts in
        /// flight the turn the model owes for that result (protocol.md §4.4), so its <c>turnComplete</c> is never taken
        /// for a user turn's.
        /// </summary>
        private void ExpectToolResults(ClientMessage message, DateTimeOffset now)
        {
            foreach (FunctionResponse response in message.ToolResponse!.FunctionResponses ?? new List<FunctionResponse>())
            {
                int index = response.Id != null
                    ? _openCalls.FindIndex(c => c.Call.Id == response.Id)
                    : _openCalls.FindIndex(c => c.Call.Id == null && c.Call.Name == (response.Name ?? string.Empty));
                OpenCall? call = index >= 0 ? _openCalls[index] : null;
                if (index >= 0) _openCalls.RemoveAt(index);
                // A call this conversation did not see made: the turn being answered, as the safe guess.
                InFlightTurn? owner = call != null ? call.Owner : _inFlight.Count > 0 ? _inFlight[0] : null;
                if (owner != null && _inFlight.Contains(owner)) owner.ToolResponded = true;
                if (call == null || !call.NonBlocking || response.Scheduling == FunctionResponseScheduling.Silent) continue;
                InFlightTurn result = InFlightTurn.ForToolResult(message, response.Name, response.Scheduling);
                result.SentAt = now;
                _inFlight.Add(result);
                _wake.TrySetResult(true);
            }
        }

        private static bool IsNonBlocking(LiveSetup setup, string? name)
        {
            foreach (Tool tool in setup.Tools ?? new List<Tool>())
            {
                foreach (FunctionDeclaration declaration in tool.FunctionDeclarations ?? new List<FunctionDeclaration>())
                {
                    if (declaration.Name == name) return declaration.Behavior == FunctionBehavior.NonBlocking;
                }
            }
            return false;
        }

        /// <inheritdoc />
        public int TakeWaitingMessages(ICollection<ServerMessage> into)
        {
            if (into == null) throw new ArgumentNullException(nameof(into));
            lock (_gate)
            {
                while (_inbox.Reader.TryRead(out ServerMessage? message)) into.Add(message);
                return _inFlight.Count(t => !t.IsToolResult);
            }
        }

        /// <summary>Leaves <paramref name="old"/> and opens the next connection; null when the conversation ends.</summary>
        private async Task<GeminiSession?> ReplaceAsync(GeminiSession old, Ending ending)
        {
            CancellationToken token = _lifetime.Token;
            bool failure;
            string reason;
            GeminiSessionException? lastError = null;
            switch (ending.Kind)
            {
                case EndingKind.GoAway:
                    failure = false;
                    reason = $"goAway, {Math.Max(0, ending.Duration.TotalSeconds):0} s left";
                    break;
                case EndingKind.Stall:
                    failure = true;
                    reason = $"stall: no reply for {ending.Duration.TotalSeconds:0} s";
                    Notify(ConversationNoticeLevel.Warning, $"The model has been silent for {ending.Duration.TotalSeconds:0} s while a turn waits for its reply (stall); resuming the session on a new connection.");
                    _recorder.Event($"Stall: no reply for {ending.Duration.TotalSeconds:0} s; resuming.", old.Id);
                    break;
                default:
                    lastError = ending.Error!;
                    if (!_settings.AutoReconnect || !lastError.IsRetryable)
                    {
                        Fail(lastError);
                        return null;
                    }
                    failure = true;
                    reason = $"{lastError.CloseCode} {GeminiSessionException.DisplayReason(lastError.Reason)}".TrimEnd();
                    break;
            }

            lock (_gate) HoldSends();
            _recorder.Event($"Connection {old.Id} ended ({reason}).", old.Id);
            // Calls of the old connection cannot be answered on a new one: their handlers are stopped, nothing is sent.
            CancelOrphanedCalls();
            await LeaveAsync(old).ConfigureAwait(false);
            // What the old connection received before it closed is part of the conversation: a turnComplete or a newer
            // resumable handle there must count before the handle for the next setup is chosen (protocol.md §11.4).
            await DrainLeftConnectionAsync(old).ConfigureAwait(false);
            CancelOrphanedCalls();

            while (true)
            {
                if (failure)
                {
                    if (!_policy.TryRecordFailure(DateTimeOffset.Now, out TimeSpan delay))
                    {
                        GeminiSessionException cause = lastError ?? new GeminiSessionException(CloseCodes.Abnormal, reason, Model);
                        Fail(new GeminiSessionException(cause.CloseCode, $"{cause.Reason} (gave up after {_policy.MaxConsecutiveFailures} consecutive failures)", Model, cause));
                        return null;
                    }
                    Notify(ConversationNoticeLevel.Verbose, $"Reconnecting ({reason}) in {delay.TotalMilliseconds:0} ms (failure {_policy.ConsecutiveFailures} in a row; giving up at {_policy.MaxConsecutiveFailures})…");
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
                else
                {
                    Notify(ConversationNoticeLevel.Verbose, $"Reconnecting ({reason})…");
                }

                string? handle;
                lock (_gate) handle = _handle;
                bool fresh = handle == null;
                List<Content> seed = fresh ? ConversationSeed.Build(DialogueExceptInFlight(long.MinValue), ModelInfo, _settings.SeedMaxCharacters) : new List<Content>();
                _options.ResumptionHandle = handle;
                _options.InitialHistoryInClientContent = seed.Count > 0 && ConversationSeed.UsesHistoryConfig(ModelInfo);
                GeminiSession session;
                try
                {
                    session = await GeminiSession.ConnectAsync(_options, token).ConfigureAwait(false);
                }
                catch (GeminiSessionException ex) when (ex.IsSessionNotFound && handle != null)
                {
                    lock (_gate)
                    {
                        if (_handle == handle) _handle = null;
                    }
                    Notify(ConversationNoticeLevel.Warning, "The service no longer knows the resumption handle (1008 session not found); continuing in a fresh session seeded from the transcript.");
                    _recorder.Event("Resumption handle refused (session not found); starting a fresh session seeded from the transcript.");
                    failure = false;
                    continue;
                }
                catch (GeminiSessionException ex) when (!ex.IsRetryable)
                {
                    Fail(ex);
                    return null;
                }
                catch (Exception ex) when (ex is GeminiSessionException || ex is GeminiConnectionException)
                {
                    lastError = ex as GeminiSessionException ?? new GeminiSessionException(CloseCodes.Abnormal, ex.Message, Model, ex);
                    reason = ex is GeminiSessionException closed ? $"{closed.CloseCode} {GeminiSessionException.DisplayReason(closed.Reason)}" : ex.Message;
                    failure = true;
                    continue;
                }
                finally
                {
                    _options.InitialHistoryInClientContent = false;
                }

                try
                {
                    await PrepareAsync(session, fresh, seed, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is GeminiSessionException || ex is InvalidOperationException || ex is ObjectDisposedException || ex is WebSocketException)
                {
                    // The new connection died while catching up: it counts as a failure; the turns are still in flight.
                    lastError = ex as GeminiSessionException ?? session.CloseError ?? new GeminiSessionException(CloseCodes.Abnormal, ex.Message, Model, ex);
                    reason = $"{lastError.CloseCode} {GeminiSessionException.DisplayReason(lastError.Reason)}";
                    failure = true;
                    await LeaveAsync(session).ConfigureAwait(false);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                TaskCompletionSource<bool> switched;
                lock (_gate)
                {
                    _handlesUsed.Add(handle);
                    _current = session;
                    _generation++;
                    _openCalls.Clear(); // the old connection's calls were cancelled: they get no answer
                    _generationCut = false;
                    _switching = false;
                    _awaitingHandle = false;
                    _awaitingToolResponse = false;
                    _modelGenerating = false; // a new connection generates nothing yet
                    if (_inFlight.Count == 0) ReleaseWaitingForIdle();
                    _ready.TrySetResult(session);
                    switched = _switched;
                    _switched = NewSignal();
                }
                switched.TrySetResult(true);
                Reconnects++;
                _policy.Connected(DateTimeOffset.Now);
                string how = fresh ? $"a fresh session seeded with {seed.Count} turn(s) from the transcript" : "resumed with the newest handle";
                Notify(ConversationNoticeLevel.Verbose, $"Reconnected: connection {session.Id} ({how}).");
                _recorder.Event($"Reconnected on connection {session.Id} ({how}).", session.Id);
                return session;
            }
        }

        /// <summary>
        /// Hands the messages the left connection received before its close (still in its inbox, or taken by the read
        /// pending when its pump stopped) to <see cref="Handle"/>, in order. Without this a <c>sessionResumptionUpdate</c>
        /// (or the <c>turnComplete</c> of the turn in flight) that arrived during the goAway drain or the close was thrown
        /// away, and the reconnect resumed with an older handle than the newest one the client had received.
        /// </summary>
        private async Task DrainLeftConnectionAsync(GeminiSession old)
        {
            Task<ServerMessage?>? pending = _unreadOfLeft;
            _unreadOfLeft = null;
            int count = 0;
            if (pending != null)
            {
                ServerMessage? first = null;
                try
                {
                    // The connection is closed (LeaveAsync waited for its receive loop): the read has completed or completes now.
                    first = await pending.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is GeminiSessionException || ex is ChannelClosedException || ex is OperationCanceledException)
                {
                    // The connection ended with an error after its last message: nothing left to take.
                }
                if (first != null)
                {
                    Handle(first, old);
                    count++;
                }
            }
            while (old.Messages.TryRead(out ServerMessage? message))
            {
                Handle(message, old);
                count++;
            }
            if (count > 0) Notify(ConversationNoticeLevel.Verbose, $"Took {count} message(s) connection {old.Id} received before it closed.");
        }

        private void CancelOrphanedCalls()
        {
            var orphaned = ToolCalls.Open.Select(c => c.Id).Where(id => id != null).Select(id => id!).ToList();
            if (orphaned.Count > 0) ToolCalls.Cancel(orphaned);
        }

        /// <summary>Brings a new connection up to date before anything queued goes out: seed or backfill, then the turns in flight.</summary>
        private async Task PrepareAsync(GeminiSession session, bool fresh, List<Content> seed, CancellationToken token)
        {
            if (seed.Count > 0)
            {
                await session.SendAsync(new ClientMessage { ClientContent = new ClientContent { Turns = seed, TurnComplete = false } }, SendPriority.Control, token).ConfigureAwait(false);
            }
            else if (!fresh)
            {
                // Turns completed after the newest handle are not in the resumed context (the handle came before them).
                long mark;
                lock (_gate) mark = _transcriptMarkAtHandle;
                List<Content> missing = ConversationSeed.Build(DialogueExceptInFlight(mark), ModelInfo, _settings.SeedMaxCharacters);
                if (missing.Count > 0)
                {
                    if (ModelInfo == null || ModelInfo.ClientContent == ClientContentSupport.WholeSession)
                    {
                        await session.SendAsync(new ClientMessage { ClientContent = new ClientContent { Turns = missing, TurnComplete = false } }, SendPriority.Control, token).ConfigureAwait(false);
                        Notify(ConversationNoticeLevel.Verbose, $"Added {missing.Count} turn(s) that completed after the newest handle as clientContent history.");
                    }
                    else
                    {
                        Notify(ConversationNoticeLevel.Warning, $"{missing.Count} turn(s) completed after the newest handle are not in the resumed context ({Model} takes clientContent history only at the start).");
                    }
                }
            }

            InFlightTurn[] turns;
            lock (_gate) turns = _inFlight.ToArray();
            bool resentBefore = false;
            foreach (InFlightTurn turn in turns)
            {
                bool lost;
                lock (_gate) lost = turn.Lost || turn.IsToolResult || turn.ToolsRan;
                if (lost)
                {
                    if (!turn.Lost)
                    {
                        Notify(ConversationNoticeLevel.Warning, turn.IsToolResult
                            ? $"The connection died before the model had spoken about {turn.Text}; that turn is lost and ends as interrupted."
                            : $"The connection died during the turn \"{turn.Preview}\" after its tool calls had run; it is not sent again (that would run them twice) and ends as interrupted.");
                    }
                    if (!resentBefore) _recorder.AbandonTurn(session.Id);
                    lock (_gate)
                    {
                        // Its turnComplete replaces the turn in flight in one step (see TakeWaitingMessages); behind a
                        // turn sent again, it waits for that turn's turnComplete (see EndLostTurnsAtHead).
                        turn.Lost = true;
                        if (!resentBefore && _inFlight.Count > 0 && ReferenceEquals(_inFlight[0], turn)) EndLostTurnsAtHead();
                    }
                    continue;
                }
                resentBefore = true;
                lock (_gate) turn.Calls.Clear(); // the old connection's calls, cancelled before any ran
                if (turn.AnswerForwarded)
                {
                    _recorder.RestartTurn();
                    _inbox.Writer.TryWrite(new ServerMessage { LocalSignal = LocalSignals.TurnRestarted, ReceivedAt = DateTimeOffset.Now });
                    turn.AnswerForwarded = false;
                }
                turn.SentAt = DateTimeOffset.Now;
                await session.SendAsync(turn.Message, SendPriority.Control, token).ConfigureAwait(false);
                turn.Resent++;
                Notify(ConversationNoticeLevel.Verbose, $"Re-sent the turn that was in flight: \"{turn.Preview}\".");
            }
        }

        private async Task SendPumpAsync()
        {
            CancellationToken token = _lifetime.Token;
            try
            {
                while (await _outgoing.Reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    while (_outgoing.Reader.TryRead(out PendingSend? pending))
                    {
                        if (pending.Done.Task.IsCompleted) continue; // cancelled by its sender before it could go
                        await DeliverAsync(pending, token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // CloseAsync fails what is left.
            }
        }

        private async Task DeliverAsync(PendingSend pending, CancellationToken token)
        {
            while (true)
            {
                Task<GeminiSession> ready;
                lock (_gate) ready = _ready.Task;
                GeminiSession session;
                try
                {
                    session = await WithCancellation(ready, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    pending.Done.TrySetException(_fatal ?? ex);
                    return;
                }

                Task switched;
                lock (_gate)
                {
                    if (_switching || !ReferenceEquals(session, _current)) continue;
                    switched = _switched.Task;
                    if (pending.IsToolResponse && pending.Generation != _generation)
                    {
                        Notify(ConversationNoticeLevel.Warning, "A tool response for a call made on a connection that has since ended was not sent: the call does not exist on the new connection.");
                        pending.Done.TrySetResult(false);
                        return;
                    }
                    if (pending.WaitsForIdle && (_inFlight.Count > 0 || _modelGenerating))
                    {
                        // Sent now it would interrupt the reply in progress: it goes after the next turnComplete.
                        _waitingForIdle.Add(pending);
                        return;
                    }
                    if (pending.IsToolResponse)
                    {
                        ExpectToolResults(pending.Message, DateTimeOffset.Now);
                        _awaitingToolResponse = false;
                    }
                    if (pending.Turn != null && !_inFlight.Contains(pending.Turn))
                    {
                        pending.Turn.SentAt = DateTimeOffset.Now;
                        pending.Turn.Interrupts = pending.Message.ClientContent != null
                            || session.Setup.RealtimeInputConfig?.ActivityHandling != ActivityHandling.NoInterruption;
                        _inFlight.Add(pending.Turn);
                        _wake.TrySetResult(true);
                    }
                    // Recorded with the in-flight list, so a handle's transcript mark never sees the entry without its turn.
                    if (pending.Turn != null && pending.Turn.Entry == null)
                    {
                        pending.Turn.Entry = _recorder.Transcript.Add(new TranscriptEntry(TranscriptRole.User, TranscriptEntryKind.Text, pending.Turn.Text, DateTimeOffset.Now)
                        {
                            Source = pending.Message.RealtimeInput != null ? "realtimeInput.text" : "clientContent",
                            ConnectionId = session.Id,
                        });
                    }
                }
                if (pending.IsToolResponse) _recorder.ToolResults(pending.Message.ToolResponse!.FunctionResponses ?? new List<FunctionResponse>(), session.Id);
                try
                {
                    await session.SendAsync(pending.Message, pending.Priority, token).ConfigureAwait(false);
                    pending.Done.TrySetResult(true);
                    return;
                }
                catch (Exception ex) when (ex is GeminiSessionException || ex is InvalidOperationException || ex is ObjectDisposedException || ex is ChannelClosedException || ex is WebSocketException)
                {
                    if (pending.Turn != null || pending.IsToolResponse)
                    {
                        // A user turn is in flight now: the reconnect sends it again. A tool response belongs to the dead connection.
                        pending.Done.TrySetResult(true);
                        return;
                    }
                    // Anything else waits for the next connection.
                    await WithCancellation(switched, token).ConfigureAwait(false);
                }
            }
        }

        // ---- helpers ----

        private void HoldSends()
        {
            // Caller holds _gate.
            _switching = true;
            if (_ready.Task.IsCompleted && !_ready.Task.IsFaulted) _ready = NewReady();
        }

        private async Task LeaveAsync(GeminiSession old)
        {
            lock (_gate) _closedStatistics = SessionStatistics.Sum(_closedStatistics, old.Statistics);
            // Normal close (1000) when it is still open; a dead connection just releases its socket.
            await old.DisposeAsync().ConfigureAwait(false);
        }

        private void Fail(GeminiSessionException error)
        {
            lock (_gate)
            {
                if (_fatal != null) return;
                _fatal = error;
                if (!_ready.TrySetException(error))
                {
                    _ready = NewReady();
                    _ready.TrySetException(error);
                }
                _switching = false;
                _switched.TrySetResult(true);
            }
            _recorder.Event("The conversation ended: " + error.Message);
            Notify(ConversationNoticeLevel.Warning, "The conversation ended: " + error.Message);
            _inbox.Writer.TryComplete(error);
            _outgoing.Writer.TryComplete();
            while (_outgoing.Reader.TryRead(out PendingSend? left)) left.Done.TrySetException(error);
            ClosedAt = DateTimeOffset.Now;
        }

        private void OnRecordingFailed(Exception error)
        {
            _recorder.Event("Recording stopped: " + error.Message);
            Notify(ConversationNoticeLevel.Warning, $"Recording to {_audio!.Path} stopped ({error.Message.TrimEnd('.')}); the conversation goes on, and the file keeps what was recorded before.");
        }

        // Under _gate: guidance parked while the conversation was busy goes back into the send queue, in order.
        private void ReleaseWaitingForIdle()
        {
            foreach (PendingSend waiting in _waitingForIdle)
            {
                if (!_outgoing.Writer.TryWrite(waiting)) waiting.Done.TrySetException(new ObjectDisposedException(nameof(GeminiConversation), "The conversation is closed."));
            }
            _waitingForIdle.Clear();
        }

        internal void Notify(ConversationNoticeLevel level, string message) => _notices.Writer.TryWrite(new ConversationNotice(level, message));

        private void ThrowIfEnded()
        {
            if (_fatal != null) throw new GeminiSessionException(_fatal.CloseCode, _fatal.Reason, Model, _fatal);
            if (Volatile.Read(ref _closeRequested) == 1)
                throw new InvalidOperationException($"Session {Id} is closed; connect again with Connect-GeminiRealtime.");
        }

        private long LastSequence()
        {
            IReadOnlyList<TranscriptEntry> entries = Transcript.Entries;
            return entries.Count == 0 ? 0 : entries[entries.Count - 1].Sequence;
        }

        /// <summary>User/model text entries after <paramref name="afterSequence"/>, without the user turns still in flight (they are re-sent).</summary>
        private List<TranscriptEntry> DialogueExceptInFlight(long afterSequence)
        {
            HashSet<TranscriptEntry> inFlight;
            lock (_gate) inFlight = new HashSet<TranscriptEntry>(_inFlight.Where(t => t.Entry != null).Select(t => t.Entry!));
            return Transcript.Dialogue().Where(e => e.Sequence > afterSequence && !inFlight.Contains(e)).ToList();
        }

        private static string? UserTextOf(ClientMessage message)
        {
            if (message.RealtimeInput?.Text != null) return message.RealtimeInput.Text;
            if (message.ClientContent?.TurnComplete == true && message.ClientContent.Turns != null)
            {
                for (int i = message.ClientContent.Turns.Count - 1; i >= 0; i--)
                {
                    Content turn = message.ClientContent.Turns[i];
                    if (turn.Role == null || turn.Role == "user")
                        return string.Concat((turn.Parts ?? new List<Part>()).Where(p => p.Text != null).Select(p => p.Text));
                }
                return string.Empty;
            }
            return null;
        }

        // A goAway without a usable timeLeft is taken as 10 s, the shortest the service is known to give notice.
        private static TimeSpan GoAwayLeft(GoAway goAway) =>
            goAway.TimeLeftSpan is TimeSpan left && left >= TimeSpan.Zero ? left : TimeSpan.FromSeconds(10);

        private static TranscriptEntry Copy(TranscriptEntry entry) => new TranscriptEntry(entry.Role, entry.Kind, entry.Text, entry.Time)
        {
            Source = entry.Source,
            ConnectionId = entry.ConnectionId,
            Name = entry.Name,
            CallId = entry.CallId,
            Json = entry.Json,
            Interrupted = entry.Interrupted,
            PromptTokens = entry.PromptTokens,
            ResponseTokens = entry.ResponseTokens,
            TotalTokens = entry.TotalTokens,
        };

        private static async Task<T> WithCancellation<T>(Task<T> task, CancellationToken token)
        {
            if (!task.IsCompleted)
            {
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (token.Register(() => cancelled.TrySetResult(true)))
                {
                    if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task) token.ThrowIfCancellationRequested();
                }
            }
            return await task.ConfigureAwait(false);
        }

        private static Task WithCancellation(Task task, CancellationToken token) => WithCancellation(task.ContinueWith(t => true, TaskScheduler.Default), token);

        private static TaskCompletionSource<GeminiSession> NewReady() => new TaskCompletionSource<GeminiSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private sealed class OpenCall
        {
            public OpenCall(PendingToolCall call, InFlightTurn? owner, bool nonBlocking)
            {
                Call = call;
                Owner = owner;
                NonBlocking = nonBlocking;
            }

            public PendingToolCall Call { get; }
            /// <summary>The turn in flight whose generation made the call (null: none was).</summary>
            public InFlightTurn? Owner { get; }
            public bool NonBlocking { get; }
        }

        private enum EndingKind
        {
            Closed,
            GoAway,
            Stall,
            Failed,
        }

        private readonly struct Ending
        {
            private Ending(EndingKind kind, TimeSpan duration, GeminiSessionException? error)
            {
                Kind = kind;
                Duration = duration;
                Error = error;
            }

            public EndingKind Kind { get; }
            public TimeSpan Duration { get; }
            public GeminiSessionException? Error { get; }

            public static Ending Closed() => new Ending(EndingKind.Closed, TimeSpan.Zero, null);
            public static Ending GoAway(TimeSpan left) => new Ending(EndingKind.GoAway, left, null);
            public static Ending Stall(TimeSpan silent) => new Ending(EndingKind.Stall, silent, null);
            public static Ending Failed(GeminiSessionException error) => new Ending(EndingKind.Failed, TimeSpan.Zero, error);
        }
    }
}
