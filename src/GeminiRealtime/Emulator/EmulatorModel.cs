// ============================================================================================================
// THE EMULATOR'S DETERMINISTIC "MODEL"  (the user docs are written from this block; keep it exact)
// ============================================================================================================
// One instance per session. It runs as its own task, fed (in arrival order) by the session's reader through a
// bounded channel, and writes through the session's single writer, so a new input can interrupt a reply that is
// still being sent. Everything below is deterministic except resumption handles (random) and wall-clock pacing.
//
// USER TURNS
//   * clientContent with turnComplete: true -> the user text is the concatenation (no separator) of the text parts of
//     the LAST turn with role "user" (or no role) in that message; when the message has none, the last user turn of
//     earlier clientContent messages sent without turnComplete; when there is none either ("No turn to complete"),
//     the session closes with 1007 "Request contains an invalid argument.". Every clientContent (even without
//     turnComplete) first interrupts a reply in progress; its turns (text parts) are added to the history.
//   * realtimeInput.text -> the text is a user turn at once. It interrupts a reply in progress unless
//     realtimeInputConfig.activityHandling is NO_INTERRUPTION; then it waits until the current turn is complete.
//   * realtimeInput.activityStart (automatic activity detection disabled) interrupts a reply in progress unless
//     NO_INTERRUPTION; it starts no turn. Audio, audioStreamEnd and activityEnd go to the ears (EARS below).
//   * realtimeInput.video starts no turn: a frame that decodes as JPEG/PNG (else 1007, see EmulatorVideoFrame) and
//     arrives within the frame rate (at most 2 in any rolling second, else ignored: EmulatorVideoRate) becomes the
//     LATEST FRAME of the session.
//
// EARS (realtimeInput.audio; EmulatorEars.cs): the emulator cannot understand words, it measures speech.
//   * Energy VAD on 20 ms frames of the audio (rate from mimeType, bare audio/pcm = 16 kHz), in AUDIO time, so the
//     result does not depend on how fast the client sends. A frame is voiced when its RMS >= -40 dBFS
//     (startOfSpeechSensitivity LOW: -30 dBFS). Speech starts after prefixPaddingMs of consecutive voiced audio
//     (default 40 ms; LOW: 100 ms) and ends after silenceDurationMs of consecutive unvoiced audio (default 500 ms;
//     endOfSpeechSensitivity LOW: 1000 ms), or at audioStreamEnd.
//   * Automatic mode: speech start interrupts a reply in progress (barge-in, unless NO_INTERRUPTION); speech end is
//     a user turn. Manual mode (automaticActivityDetection.disabled): only audio between activityStart and
//     activityEnd counts; activityEnd is a user turn when that segment carried any audio.
//   * The turn's user text is "[speech S s]", S = seconds from the start of speech to its last voiced frame, one
//     decimal (invariant culture). With setup.inputAudioTranscription it is sent first as
//     serverContent.inputTranscription {text, finished: true}; the reply is then "You said: [speech S s]" as above.
//
// REPLY TEXT:  "You said: <user text>"  (the user's text quoted exactly, whitespace included) -- except when a frame
//   has arrived in this session and the user text contains one of the whole words see, seeing, screen, image,
//   picture, photo, look, looking, what (any case): then "I see a <W>x<H> image, mostly <colour>." about the latest
//   frame, <colour> being the palette colour (black, white, grey, red, green, blue, yellow, cyan, magenta, orange)
//   nearest to most of its pixels. Tool names in the text still win (TOOLS below).
//   Recall (proves what history a resumed or seeded session holds): the user text "what did I say before?"
//   (case-insensitive, surrounding whitespace ignored) is answered "You said before: <the previous user turn's
//   text>" -- the last user entry of the history before this one, seeded/resumed turns included -- or
//   "You said nothing before." when there is none. It wins over vision and tools.
//
// TEXT modality (responseModalities ["TEXT"], e.g. gemini-3.5-transcribe-live):
//   serverContent.modelTurn.parts[0].text deltas of 7 UTF-16 units each (the last shorter; a surrogate pair is
//   never split) -- so words are cut mid-word as the service does -- one message each, 40 ms x TimeScale apart;
//   then {generationComplete: true}; then at once {turnComplete: true} + usageMetadata.
//
// AUDIO modality (the default):
//   * The voice: 24 kHz s16le mono PCM. Duration = 60 ms per UTF-16 unit of the reply text, at least 500 ms. The
//     text is cut into word pieces (the whitespace before a word + the word); each word is one sine tone of
//     220 + 12.5 x (FNV-1a-32 of the lower-cased word's UTF-8 mod 48) Hz (220-807.5 Hz), amplitude 8000, 5 ms
//     linear fade in/out; 30 ms silence between words; the tones share the remaining time in proportion to their
//     words' lengths.
//   * Sent as serverContent.modelTurn.parts[0].inlineData {mimeType: "audio/pcm;rate=24000", data}: a first chunk of
//     9600 bytes (200 ms), then chunks of 11520 bytes (240 ms), the last one shorter.
//   * Faster than real time: the chunk that starts at playback time t leaves at t / 4 x TimeScale after the first.
//   * With setup.outputAudioTranscription, serverContent.outputTranscription.text rides IN THE SAME MESSAGE as the
//     audio chunk during which a word's tone starts (3.x style): the word pieces starting in that chunk, joined.
//     The deltas concatenate to exactly the reply text. (No "finished" flag.)
//   * Then {generationComplete: true} in a message of its own; then, once the audio's playback time x TimeScale has
//     passed since the first chunk, {turnComplete: true} + usageMetadata in one message.
//
// USAGE (usageMetadata with every turnComplete; zero counts are omitted like every proto default):
//   promptTokenCount = UTF-8 bytes of the user text / 4 + 1 (integer division)   [promptTokensDetails: TEXT]
//   responseTokenCount: TEXT = reply UTF-16 units / 4 + 1; AUDIO = ceil(25 x audio seconds)
//                                                           [responseTokensDetails: TEXT or AUDIO]
//   totalTokenCount = prompt + response.
//   A tool turn's prompt adds, once the responses arrived, the same formula applied to the responses' JSON (joined
//   by "\n"). An interrupted turn counts only what was sent (nothing sent -> no response count).
//
// TOOLS (setup.tools[].functionDeclarations, replaced by contextUpdate.tools):
//   * A user text that contains the name of one or more declared functions (case-insensitive, whole word: the
//     neighbours are not letters, digits or "_"; every declaration checked in order; each function at most once)
//     is answered by ONE toolCall message instead: functionCalls[] of {name, args, id} in declaration order.
//   * id: "function-call-" + 19 digits from a SplitMix64 sequence seeded per session (the n-th call of every
//     session has the same id).
//   * args from parameters (or parametersJsonSchema): every property, required or not: const -> it; enum -> its
//     first value; STRING -> the value written "prop=value" / "prop: value" in the user text (quotes allowed), else
//     the word after the function's name, else the property name; INTEGER -> 42; NUMBER -> 1.5; BOOLEAN -> true;
//     ARRAY -> [one item from items]; OBJECT -> the same, recursively.
//   * BLOCKING (any called function whose behavior is not NON_BLOCKING): the turn waits until a toolResponse has
//     answered every id of the call (several toolResponse messages may share the work), then replies with
//     "The <name> tool returned <compact JSON of response>." -- one sentence per call in call order, joined by " ".
//   * NON_BLOCKING (every called function NON_BLOCKING): right after the toolCall it replies "You said: <text>".
//     Each response later becomes its own turn speaking that function's sentence: scheduling SILENT -> no turn (the
//     response only joins the history); INTERRUPT -> interrupts a reply in progress, then speaks; WHEN_IDLE or none
//     -> speaks once the current turn is complete.
//   * A functionResponse whose id is missing or matches no pending call closes the session with 1007
//     "Request contains an invalid argument." -- except ids cancelled by a barge-in, which are ignored (a client
//     cannot avoid that race).
//
// GOOGLE SEARCH (setup.tools has {"googleSearch": {}}): a user text containing the whole word "search" (any case)
//   first gets {serverContent: {groundingMetadata}} in a message of its own, then the turn goes on as usual (tool
//   call or "You said: ..."). webSearchQueries = [the text without "search" / "search for", whitespace collapsed,
//   trailing ?.!:, trimmed]; groundingChunks = two web sources: https://example.com/search/1?q=<query> "Result 1:
//   <query>" (domain example.com) and https://example.org/search/2?q=<query> "Result 2: <query>" (example.org).
//   See EmulatorGrounding.cs.
//
// BARGE-IN (an interrupting input while a turn is in progress, i.e. before its turnComplete -- also while it waits
// for a tool response or for the playback time): unsent audio is dropped at once, then {interrupted: true}, then
// toolCallCancellation {ids} for every pending call already sent (if any), then {turnComplete: true} + usage -- no
// generationComplete unless it had already gone out. Then the new input is handled. At TimeScale 0 generation is
// instant: an input waits until the turn is complete or waiting for a tool response.
//
// SESSION RESUMPTION (only when setup had sessionResumption, even {}):
//   * when a turn starts: sessionResumptionUpdate {} (i.e. resumable: false, no handle);
//   * after every turnComplete: {newHandle: base64url of 24 random bytes, resumable: true}, or {} while a function
//     call is still unanswered;
//   * a handle names the model and the text history at that point, kept in memory 2 h (from issue, or from the end
//     of its session if later). setup.sessionResumption.handle unknown or expired -> close 1008
//     "BidiGenerateContent session not found"; a different model than the handle's -> 1007
//     "Request contains an invalid argument."; otherwise the session continues that history.
// ============================================================================================================

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>The deterministic stand-in for a Live model (see the comment block at the top of this file).</summary>
    internal sealed partial class EmulatorModel
    {
        public const string ReplyPrefix = "You said: ";
        public const string RecallQuestion = "what did I say before?";
        public const string RecallPrefix = "You said before: ";
        public const string RecallNothing = "You said nothing before.";
        public const double GenerationSpeedup = 4.0;
        public const int TextFragmentIntervalMilliseconds = 40;
        public const int InputCapacity = 1024;
        public const int DeferredCapacity = 64;
        public const int CancelledIdMemory = 1024;
        /// <summary>The history keeps the newest turns only (a sliding window, as context compression would).</summary>
        public const int MaxHistoryEntries = 1000;

        private static readonly JsonWriterOptions CompactJson = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly Channel<EmulatorModelInput> _inputs = Channel.CreateBounded<EmulatorModelInput>(
            new BoundedChannelOptions(InputCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        private readonly EmulatorOutbox _outbox;
        private readonly EmulatorResumptionStore _resumption;
        private readonly IEmulatorSessionLog _log;
        private readonly long _sessionId;
        private readonly LiveModel _model;
        private readonly double _timeScale;
        private readonly bool _textModality;
        private readonly bool _outputTranscription;
        private readonly bool _interruptible;
        private readonly bool _manualActivity;
        private readonly bool _resumptionEnabled;
        private readonly Action _generationStarted;
        private readonly FunctionCallIdSequence _ids = new FunctionCallIdSequence();

        // Shared with running turns: guarded by _gate.
        private readonly object _gate = new object();
        private readonly List<EmulatorHistoryEntry> _history;
        private readonly Dictionary<string, EmulatorPendingToolCall> _pendingById = new Dictionary<string, EmulatorPendingToolCall>(StringComparer.Ordinal);
        private readonly HashSet<string> _cancelledIds = new HashSet<string>(StringComparer.Ordinal);
        private readonly Queue<string> _cancelledOrder = new Queue<string>();

        // Owned by the model loop.
        private readonly Queue<DeferredTurn> _deferred = new Queue<DeferredTurn>();
        private List<Tool>? _tools;
        private string? _pendingUserText;
        private Task? _activity;
        private CancellationTokenSource? _activityCancel;
        private EmulatorTurnProgress? _turn;
        private volatile EmulatorVideoFrame? _latestFrame;

        public EmulatorModel(
            LiveSetup setup,
            LiveModel model,
            IReadOnlyList<EmulatorHistoryEntry> history,
            EmulatorOutbox outbox,
            EmulatorResumptionStore resumption,
            IEmulatorSessionLog log,
            long sessionId,
            double timeScale,
            Action generationStarted)
        {
            _model = model;
            _history = new List<EmulatorHistoryEntry>(history);
            _outbox = outbox;
            _resumption = resumption;
            _log = log;
            _sessionId = sessionId;
            _timeScale = Math.Max(0, timeScale);
            _generationStarted = generationStarted;
            List<string>? modalities = setup.GenerationConfig?.ResponseModalities;
            _textModality = modalities != null && modalities.Count > 0 && string.Equals(modalities[0], Modality.Text, StringComparison.Ordinal);
            _outputTranscription = setup.OutputAudioTranscription != null;
            _interruptible = !string.Equals(setup.RealtimeInputConfig?.ActivityHandling, ActivityHandling.NoInterruption, StringComparison.Ordinal);
            _manualActivity = setup.RealtimeInputConfig?.AutomaticActivityDetection?.Disabled == true;
            _resumptionEnabled = setup.SessionResumption != null;
            _tools = setup.Tools;
        }

        /// <summary>Queues an input (waits while <see cref="InputCapacity"/> inputs are queued).</summary>
        public ValueTask PostAsync(EmulatorModelInput input, CancellationToken cancellationToken) => _inputs.Writer.WriteAsync(input, cancellationToken);

        /// <summary>
        /// The model loop. Ends when the input is completed or <paramref name="cancellationToken"/> fires. Throws
        /// <see cref="EmulatorRejection"/> when the client broke a rule only the model can see (an unknown call id).
        /// </summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Task<bool>? inputReady = null;
            try
            {
                while (true)
                {
                    if (_activity != null && _activity.IsCompleted) await FinishActivityAsync().ConfigureAwait(false);
                    if (_activity == null && _deferred.Count > 0)
                    {
                        DeferredTurn next = _deferred.Dequeue();
                        StartTurn(next.PromptTokens, next.UserText, next.Body, cancellationToken);
                        continue;
                    }

                    inputReady ??= _inputs.Reader.WaitToReadAsync(cancellationToken).AsTask();
                    if (_activity != null) await Task.WhenAny(inputReady, _activity).ConfigureAwait(false);
                    else await inputReady.ConfigureAwait(false);
                    if (!inputReady.IsCompleted) continue;

                    bool more = await inputReady.ConfigureAwait(false);
                    inputReady = null;
                    if (!more) return;
                    while (_inputs.Reader.TryRead(out EmulatorModelInput? input))
                    {
                        await HandleAsync(input, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                await AbandonActivityAsync().ConfigureAwait(false);
            }
        }

        private async Task HandleAsync(EmulatorModelInput input, CancellationToken cancellationToken)
        {
            switch (input.Kind)
            {
                case EmulatorModelInput.InputKind.ClientContent:
                    await HandleClientContentAsync(input.ClientContent!, cancellationToken).ConfigureAwait(false);
                    break;
                case EmulatorModelInput.InputKind.RealtimeText:
                    await HandleUserTextAsync(input.Text ?? string.Empty, cancellationToken).ConfigureAwait(false);
                    break;
                case EmulatorModelInput.InputKind.ActivityStart:
                    if (_manualActivity && _interruptible) await InterruptAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case EmulatorModelInput.InputKind.ToolResponse:
                    await HandleToolResponseAsync(input.ToolResponse!, cancellationToken).ConfigureAwait(false);
                    break;
                case EmulatorModelInput.InputKind.SpeechStarted:
                case EmulatorModelInput.InputKind.SpeechTurn:
                    await HandleSpeechAsync(input, cancellationToken).ConfigureAwait(false);
                    break;
                case EmulatorModelInput.InputKind.ContextUpdate:
                    if (input.ContextUpdate!.Tools != null) _tools = input.ContextUpdate.Tools.Tools;
                    break;
                case EmulatorModelInput.InputKind.VideoFrame:
                    _latestFrame = input.VideoFrame;
                    break;
            }
        }

        private async Task HandleClientContentAsync(ClientContent content, CancellationToken cancellationToken)
        {
            await InterruptAsync(cancellationToken).ConfigureAwait(false);
            string? lastUserText = null;
            if (content.Turns != null)
            {
                foreach (Content turn in content.Turns)
                {
                    string text = TextOf(turn);
                    bool isUser = turn.Role == null || string.Equals(turn.Role, "user", StringComparison.Ordinal);
                    if (isUser) lastUserText = text;
                    AddHistory(isUser ? "user" : turn.Role!, text);
                }
            }
            if (lastUserText != null) _pendingUserText = lastUserText;
            if (content.TurnComplete != true) return;

            // Nothing new from the user to answer: the service closed 2.5 sessions with "… No turn to complete"; the
            // emulator (strict) does so on every model, with the generic wording (the current text is unknown).
            string userText = _pendingUserText ?? throw EmulatorRejection.InvalidArgument(ServiceReasons.InvalidArgument);
            _pendingUserText = null;
            // Already in the history: the turn adds nothing more.
            StartTurn(EmulatorUsage.PromptTokens(userText), null, (turn, ct) => UserTurnAsync(userText, turn, ct), cancellationToken);
        }

        private async Task HandleUserTextAsync(string text, CancellationToken cancellationToken)
        {
            Func<EmulatorTurnProgress, CancellationToken, Task> body = (turn, ct) => UserTurnAsync(text, turn, ct);
            if (_activity != null && !_interruptible)
            {
                Defer(new DeferredTurn(EmulatorUsage.PromptTokens(text), text, body));
                return;
            }
            await InterruptAsync(cancellationToken).ConfigureAwait(false);
            StartTurn(EmulatorUsage.PromptTokens(text), text, body, cancellationToken);
        }

        private async Task HandleToolResponseAsync(ToolResponse response, CancellationToken cancellationToken)
        {
            if (response.FunctionResponses == null) return;
            foreach (FunctionResponse answer in response.FunctionResponses)
            {
                string? id = answer.Id;
                if (string.IsNullOrEmpty(id)) throw EmulatorRejection.InvalidArgument(ServiceReasons.InvalidArgument);
                EmulatorPendingToolCall? call;
                lock (_gate)
                {
                    if (!_pendingById.TryGetValue(id!, out call))
                    {
                        if (_cancelledIds.Contains(id!)) continue;
                        throw EmulatorRejection.InvalidArgument(ServiceReasons.InvalidArgument);
                    }
                    _pendingById.Remove(id!);
                }

                call.Record(id!, answer.Response);
                if (call.Blocking) continue;

                string json = Compact(answer.Response);
                string sentence = Sentence(call.NameOf(id!), json);
                string scheduling = answer.Scheduling ?? FunctionResponseScheduling.WhenIdle;
                AddHistory("user", json);
                if (string.Equals(scheduling, FunctionResponseScheduling.Silent, StringComparison.Ordinal)) continue;

                Func<EmulatorTurnProgress, CancellationToken, Task> body = (turn, ct) => SpeakTurnAsync(sentence, turn, ct);
                int promptTokens = EmulatorUsage.PromptTokens(json);
                if (string.Equals(scheduling, FunctionResponseScheduling.Interrupt, StringComparison.Ordinal))
                {
                    await InterruptAsync(cancellationToken).ConfigureAwait(false);
                    StartTurn(promptTokens, null, body, cancellationToken);
                }
                else if (_activity != null) Defer(new DeferredTurn(promptTokens, null, body));
                else StartTurn(promptTokens, null, body, cancellationToken);
            }
        }

        private void Defer(DeferredTurn turn)
        {
            if (_deferred.Count >= DeferredCapacity)
            {
                // Bounded: a client that floods turns while the model talks is refused like an exhausted quota.
                throw new EmulatorRejection(CloseCodes.InternalError, "Resource has been exhausted (e.g. check quota).");
            }
            _deferred.Enqueue(turn);
        }

        private void StartTurn(int promptTokens, string? userText, Func<EmulatorTurnProgress, CancellationToken, Task> body, CancellationToken cancellationToken)
        {
            if (userText != null)
            {
                AddHistory("user", userText);
            }
            var turn = new EmulatorTurnProgress(promptTokens);
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _turn = turn;
            _activityCancel = cancel;
            _generationStarted();
            _activity = Task.Run(async () =>
            {
                try
                {
                    await body(turn, cancel.Token).ConfigureAwait(false);
                }
                finally
                {
                    turn.WaitingForClient();
                }
            });
        }

        private async Task FinishActivityAsync()
        {
            Task activity = _activity!;
            CancellationTokenSource? cancel = _activityCancel;
            _activity = null;
            _activityCancel = null;
            _turn = null;
            try
            {
                await activity.ConfigureAwait(false);
            }
            finally
            {
                cancel?.Dispose();
            }
        }

        /// <summary>Barge-in: stops the turn in progress (if any) and closes it with interrupted + turnComplete.</summary>
        private async Task InterruptAsync(CancellationToken cancellationToken)
        {
            if (_activity == null) return;
            EmulatorTurnProgress turn = _turn!;
            if (_timeScale <= 0) await Task.WhenAny(_activity, turn.IdleOrWaiting).ConfigureAwait(false);
            _activityCancel!.Cancel();
            try
            {
                await FinishActivityAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The turn stopped where the cancellation found it: expected.
            }
            if (turn.Completed) return;

            // Audio still queued for the client is dropped at once: playback must stop here.
            turn.DropUnsent();

            await SendAsync(new ServerMessage { ServerContent = new ServerContent { Interrupted = true } }, cancellationToken).ConfigureAwait(false);

            var cancelledIds = new List<string>();
            lock (_gate)
            {
                var calls = new HashSet<EmulatorPendingToolCall>();
                foreach (EmulatorPendingToolCall call in _pendingById.Values) calls.Add(call);
                foreach (EmulatorPendingToolCall call in calls)
                {
                    foreach (string id in call.Ids)
                    {
                        if (!_pendingById.Remove(id) || !call.Sent) continue;
                        cancelledIds.Add(id);
                        RememberCancelled(id);
                    }
                }
            }
            if (cancelledIds.Count > 0)
            {
                await SendAsync(new ServerMessage { ToolCallCancellation = new ToolCallCancellation { Ids = cancelledIds } }, cancellationToken).ConfigureAwait(false);
            }

            int responseTokens = _textModality
                ? (turn.EmittedCharacters > 0 ? EmulatorUsage.TextTokens(turn.EmittedCharacters) : 0)
                : (turn.EmittedMilliseconds > 0 ? EmulatorUsage.AudioTokens(turn.EmittedMilliseconds) : 0);
            await SendAsync(
                new ServerMessage
                {
                    ServerContent = new ServerContent { TurnComplete = true },
                    UsageMetadata = EmulatorUsage.Build(turn.PromptTokens, responseTokens, _textModality ? Modality.Text : Modality.Audio),
                },
                cancellationToken).ConfigureAwait(false);
            string spoken = turn.EmittedText;
            if (spoken.Length > 0)
            {
                AddHistory("model", spoken);
            }
            await SendResumptionUpdateAsync(afterTurn: true, cancellationToken).ConfigureAwait(false);
        }

        private void AddHistory(string role, string text)
        {
            lock (_gate)
            {
                _history.Add(new EmulatorHistoryEntry(role, text));
                if (_history.Count > MaxHistoryEntries) _history.RemoveRange(0, _history.Count - MaxHistoryEntries);
            }
        }

        private void RememberCancelled(string id)
        {
            if (!_cancelledIds.Add(id)) return;
            _cancelledOrder.Enqueue(id);
            while (_cancelledOrder.Count > CancelledIdMemory) _cancelledIds.Remove(_cancelledOrder.Dequeue());
        }

        private async Task AbandonActivityAsync()
        {
            if (_activity == null) return;
            _activityCancel!.Cancel();
            try
            {
                await FinishActivityAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The session is ending; the turn was cut on purpose.
            }
            catch (Exception ex)
            {
                // The loop is already ending (maybe with its own exception): report this one rather than lose it.
                _log.Error("model turn", ex);
            }
        }

        // ---- Turns (run on their own task; they write only through the outbox) ----

        private async Task UserTurnAsync(string userText, EmulatorTurnProgress turn, CancellationToken cancellationToken)
        {
            await SendResumptionUpdateAsync(afterTurn: false, cancellationToken).ConfigureAwait(false);
            if (StallTurn?.Invoke() == true)
            {
                // Fault injection (EmulatorFaults.cs): silence on an open socket until a barge-in or the end.
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            if (string.Equals(userText.Trim(), RecallQuestion, StringComparison.OrdinalIgnoreCase))
            {
                await SpeakAsync(Recall(), turn, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (EmulatorGrounding.Declared(_tools) && EmulatorGrounding.Triggers(userText))
            {
                var grounding = new ServerMessage { ServerContent = new ServerContent { GroundingMetadata = EmulatorGrounding.Build(userText) } };
                await SendAsync(grounding, cancellationToken).ConfigureAwait(false);
            }
            List<FunctionDeclaration> named = EmulatorFunctionMatcher.Named(_tools, userText);
            if (named.Count == 0)
            {
                EmulatorVideoFrame? frame = _latestFrame;
                string reply = frame != null && EmulatorVideoFrame.IsVisionQuestion(userText) ? frame.Describe() : ReplyPrefix + userText;
                await SpeakAsync(reply, turn, cancellationToken).ConfigureAwait(false);
                return;
            }

            bool blocking = false;
            foreach (FunctionDeclaration declaration in named)
            {
                if (!string.Equals(declaration.Behavior, FunctionBehavior.NonBlocking, StringComparison.Ordinal)) blocking = true;
            }
            var call = new EmulatorPendingToolCall(blocking, turn);
            var functionCalls = new List<FunctionCall>(named.Count);
            foreach (FunctionDeclaration declaration in named)
            {
                string id = _ids.Next();
                call.Add(id, declaration.Name!);
                functionCalls.Add(new FunctionCall { Name = declaration.Name, Args = EmulatorToolArguments.Build(declaration, userText), Id = id });
            }

            // Registered before it is sent: a quick client's answer must find it. Marked waiting first, so the loop
            // sees "waiting" before the answer can flip it back to "generating".
            if (blocking) turn.WaitingForClient();
            lock (_gate)
            {
                foreach (string id in call.Ids) _pendingById[id] = call;
            }
            await SendAsync(new ServerMessage { ToolCall = new ToolCall { FunctionCalls = functionCalls } }, cancellationToken).ConfigureAwait(false);
            call.Sent = true;

            if (!blocking)
            {
                await SpeakAsync(ReplyPrefix + userText, turn, cancellationToken).ConfigureAwait(false);
                return;
            }

            IReadOnlyList<EmulatorPendingToolCall.Answer> answers = await call.WaitAsync(cancellationToken).ConfigureAwait(false);
            var sentences = new List<string>(answers.Count);
            var responses = new List<string>(answers.Count);
            foreach (EmulatorPendingToolCall.Answer answer in answers)
            {
                string json = Compact(answer.Response);
                responses.Add(json);
                sentences.Add(Sentence(answer.Name, json));
            }
            string joined = string.Join("\n", responses);
            AddHistory("user", joined);
            turn.PromptTokens += EmulatorUsage.PromptTokens(joined);
            await SpeakAsync(string.Join(" ", sentences), turn, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Fault injection: asked once per user turn whether to leave it unanswered (see EmulatorFaults.cs).</summary>
        internal Func<bool>? StallTurn { get; set; }

        /// <summary>"You said before: &lt;the previous user text&gt;" from the history (resumed or seeded turns included).</summary>
        private string Recall()
        {
            lock (_gate)
            {
                bool skippedCurrent = false;
                for (int i = _history.Count - 1; i >= 0; i--)
                {
                    if (_history[i].Role != "user") continue;
                    if (!skippedCurrent)
                    {
                        skippedCurrent = true;
                        continue;
                    }
                    return RecallPrefix + _history[i].Text;
                }
            }
            return RecallNothing;
        }

        private async Task SpeakTurnAsync(string text, EmulatorTurnProgress turn, CancellationToken cancellationToken)
        {
            await SendResumptionUpdateAsync(afterTurn: false, cancellationToken).ConfigureAwait(false);
            await SpeakAsync(text, turn, cancellationToken).ConfigureAwait(false);
        }

        private async Task SpeakAsync(string text, EmulatorTurnProgress turn, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            int responseTokens;
            if (_textModality)
            {
                List<string> fragments = EmulatorTextSplitter.SplitFragments(text);
                for (int i = 0; i < fragments.Count; i++)
                {
                    await DelayUntilAsync(clock, i * TextFragmentIntervalMilliseconds, cancellationToken).ConfigureAwait(false);
                    var message = new ServerMessage
                    {
                        ServerContent = new ServerContent { ModelTurn = new Content { Parts = new List<Part> { new Part { Text = fragments[i] } } } },
                    };
                    await SendAsync(message, cancellationToken, turn.DropToken).ConfigureAwait(false);
                    turn.AddText(fragments[i]);
                }
                await SendAsync(new ServerMessage { ServerContent = new ServerContent { GenerationComplete = true } }, cancellationToken).ConfigureAwait(false);
                responseTokens = EmulatorUsage.TextTokens(text.Length);
            }
            else
            {
                EmulatorAudioReply audio = EmulatorAudioReply.Render(text);
                foreach (EmulatorAudioReply.Chunk chunk in audio.Chunks)
                {
                    await DelayUntilAsync(clock, chunk.StartMilliseconds / GenerationSpeedup, cancellationToken).ConfigureAwait(false);
                    var content = new ServerContent
                    {
                        ModelTurn = new Content
                        {
                            Parts = new List<Part>
                            {
                                new Part
                                {
                                    InlineData = new Blob
                                    {
                                        MimeType = EmulatorAudioReply.MimeType,
                                        Data = new Base64Data(new ReadOnlyMemory<byte>(audio.Pcm, chunk.Offset, chunk.Length)),
                                    },
                                },
                            },
                        },
                    };
                    if (_outputTranscription && chunk.Transcript != null) content.OutputTranscription = new Transcription { Text = chunk.Transcript };
                    await SendAsync(new ServerMessage { ServerContent = content }, cancellationToken, turn.DropToken).ConfigureAwait(false);
                    turn.AddAudio(chunk.EndMilliseconds);
                    if (chunk.Transcript != null) turn.AddText(chunk.Transcript);
                }
                await SendAsync(new ServerMessage { ServerContent = new ServerContent { GenerationComplete = true } }, cancellationToken).ConfigureAwait(false);
                await DelayUntilAsync(clock, audio.DurationMilliseconds, cancellationToken).ConfigureAwait(false);
                responseTokens = EmulatorUsage.AudioTokens(audio.DurationMilliseconds);
            }

            // From here on the turn is over: a barge-in can no longer interrupt it, and cancellation no longer cuts it.
            cancellationToken.ThrowIfCancellationRequested();
            turn.MarkCompleted();
            await SendAsync(
                new ServerMessage
                {
                    ServerContent = new ServerContent { TurnComplete = true },
                    UsageMetadata = EmulatorUsage.Build(turn.PromptTokens, responseTokens, _textModality ? Modality.Text : Modality.Audio),
                },
                CancellationToken.None).ConfigureAwait(false);
            AddHistory("model", text);
            await SendResumptionUpdateAsync(afterTurn: true, CancellationToken.None).ConfigureAwait(false);
        }

        private async Task SendResumptionUpdateAsync(bool afterTurn, CancellationToken cancellationToken)
        {
            if (!_resumptionEnabled) return;
            var update = new SessionResumptionUpdate();
            if (afterTurn)
            {
                IReadOnlyList<EmulatorHistoryEntry>? snapshot = null;
                lock (_gate)
                {
                    if (_pendingById.Count == 0) snapshot = _history.ToArray();
                }
                if (snapshot != null)
                {
                    update.NewHandle = _resumption.Issue(_sessionId, _model.Id, snapshot);
                    update.Resumable = true;
                }
            }
            await SendAsync(new ServerMessage { SessionResumptionUpdate = update }, cancellationToken).ConfigureAwait(false);
        }

        private async Task SendAsync(ServerMessage message, CancellationToken cancellationToken, CancellationToken dropToken = default)
        {
            // False means the session is closing: nothing more reaches the client, the loop is about to be stopped.
            await _outbox.SendAsync(message, cancellationToken, dropToken).ConfigureAwait(false);
        }

        private Task DelayUntilAsync(Stopwatch clock, double milliseconds, CancellationToken cancellationToken)
        {
            if (_timeScale <= 0) return Task.CompletedTask;
            double remaining = milliseconds * _timeScale - clock.Elapsed.TotalMilliseconds;
            return remaining >= 1 ? Task.Delay(TimeSpan.FromMilliseconds(remaining), cancellationToken) : Task.CompletedTask;
        }

        private static string Sentence(string name, string json) => "The " + name + " tool returned " + json + ".";

        /// <summary>The response as compact JSON (relaxed escaping, like the service's own output); absent = <c>{}</c>.</summary>
        internal static string Compact(JsonElement? value)
        {
            if (value is not JsonElement element || element.ValueKind == JsonValueKind.Undefined) return "{}";
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, CompactJson)) element.WriteTo(writer);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static string TextOf(Content content)
        {
            if (content.Parts == null) return string.Empty;
            var text = new StringBuilder();
            foreach (Part part in content.Parts)
            {
                if (part.Text != null && part.Thought != true) text.Append(part.Text);
            }
            return text.ToString();
        }

        private sealed class DeferredTurn
        {
            public DeferredTurn(int promptTokens, string? userText, Func<EmulatorTurnProgress, CancellationToken, Task> body)
            {
                PromptTokens = promptTokens;
                UserText = userText;
                Body = body;
            }

            public int PromptTokens { get; }

            public string? UserText { get; }

            public Func<EmulatorTurnProgress, CancellationToken, Task> Body { get; }
        }
    }
}
