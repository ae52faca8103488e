using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GeminiRealtime.Audio;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.Voice
{
    /// <summary>
    /// A spoken conversation over one session: a capture thread (mic → realtimeInput.audio on the media lane), a
    /// receive task (server messages → jitter buffer, transcripts, barge-in flush) and the <see cref="AudioPlayer"/>
    /// thread. Nothing here runs PowerShell: the caller drains <see cref="Events"/> on its own thread (and answers
    /// tool calls from there). Owns the input and the player (which owns the output); not the session.
    /// </summary>
    public sealed class VoiceConversation : IAsyncDisposable
    {
        private readonly IGeminiSession _session;
        private readonly IAudioInput _input;
        private readonly AudioPlayer _player;
        private readonly VoiceOptions _options;
        private readonly int _chunkBytes;
        private readonly Channel<VoiceEvent> _events = Channel.CreateUnbounded<VoiceEvent>(new UnboundedChannelOptions { SingleReader = true });
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TaskCompletionSource<string> _ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly object _gate = new object();
        private readonly List<VoiceTurn> _turns = new List<VoiceTurn>();
        private readonly Stopwatch _clock = new Stopwatch();
        private readonly string _stopPhrase;
        private Thread? _captureThread;
        private Task _receiveTask = Task.CompletedTask;
        private VoiceTurn? _current;
        private VoiceTurn? _last;
        private StringBuilder _pendingInput = new StringBuilder();
        private long _lastVoiceTicks = -1;
        private long _chunksSent;
        private long _chunksDropped;
        private long _bytesSent;
        private int _inFlight;
        private volatile bool _talking;
        private Exception? _failure;
        private bool _disposed;

        public VoiceConversation(IGeminiSession session, IAudioInput input, IAudioOutput output, VoiceOptions options, AudioStreamOptions streams)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _input = input ?? throw new ArgumentNullException(nameof(input));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _chunkBytes = streams.CaptureChunkBytes;
            _player = new AudioPlayer(output, options.PlaybackPrebuffer);
            _player.Started += OnPlaybackStarted;
            _player.Failed += ex => Fail(ex);
            _stopPhrase = Normalize(options.StopPhrase ?? string.Empty);
        }

        /// <summary>Transcript, level, tool-call and turn events, in order. Completes when the conversation ends.</summary>
        public ChannelReader<VoiceEvent> Events => _events.Reader;

        /// <summary>Push-to-talk: true while the user holds the talk key (activityStart / activityEnd follow).</summary>
        public void SetTalking(bool talking) => _talking = talking;

        public bool IsTalking => _talking;

        /// <summary>Ends the conversation (from any thread) with <paramref name="reason"/>.</summary>
        public void Stop(string reason) => _ended.TrySetResult(reason);

        /// <summary>Runs until stopped, the duration passes, the stop phrase is heard, the input ends or the session ends.</summary>
        public async Task<VoiceSummary> RunAsync(CancellationToken cancellationToken)
        {
            var summary = new VoiceSummary
            {
                SessionId = _session.Id,
                Model = _session.Model,
                StartedAt = DateTimeOffset.Now,
                InputDevice = _input.Description,
                OutputDevice = _player.Description,
                Activity = _options.Activity,
                Echo = _options.Echo,
            };
            _clock.Start();
            using CancellationTokenRegistration onCancel = cancellationToken.Register(() => Stop("Stopped"));
            using var duration = new CancellationTokenSource();
            if (_options.Duration.HasValue)
            {
                duration.Token.Register(() => Stop("Duration"));
                duration.CancelAfter(_options.Duration.Value);
            }

            _captureThread = new Thread(CaptureLoop) { IsBackground = true, Name = "GeminiRealtime capture" };
            _captureThread.Start();
            _receiveTask = Task.Run(ReceiveLoopAsync);

            string reason = await _ended.Task.ConfigureAwait(false);
            await ShutdownAsync().ConfigureAwait(false);

            summary.StopReason = reason;
            summary.Duration = _clock.Elapsed;
            summary.Error = _failure;
            lock (_gate)
            {
                if (_current != null) _turns.Add(_current);
                _current = null;
                summary.Turns = _turns.ToArray();
            }
            double ttfaSum = 0;
            int ttfaCount = 0;
            foreach (VoiceTurn turn in summary.Turns)
            {
                summary.TotalTokens += turn.TotalTokens;
                if (turn.Interrupted) summary.InterruptedTurns++;
                if (turn.TimeToFirstAudio.HasValue)
                {
                    ttfaSum += turn.TimeToFirstAudio.Value.TotalMilliseconds;
                    ttfaCount++;
                }
                if (turn.BargeInStopLatency.HasValue && (summary.MaxBargeInStopLatency == null || turn.BargeInStopLatency > summary.MaxBargeInStopLatency))
                    summary.MaxBargeInStopLatency = turn.BargeInStopLatency;
            }
            if (ttfaCount > 0) summary.MeanTimeToFirstAudio = TimeSpan.FromMilliseconds(ttfaSum / ttfaCount);
            summary.ChunksSent = Interlocked.Read(ref _chunksSent);
            summary.ChunksDropped = Interlocked.Read(ref _chunksDropped);
            summary.AudioSent = PcmFormat.Input16k.DurationOf(Interlocked.Read(ref _bytesSent));
            summary.AudioPlayed = PcmFormat.Output24k.DurationOf(_player.PlayedBytes);
            summary.PlaybackUnderruns = _player.Underruns;
            return summary;
        }

        public async ValueTask DisposeAsync()
        {
            Stop("Stopped");
            await ShutdownAsync().ConfigureAwait(false);
        }

        // ---- shutdown: capture thread, receive task, player thread, devices; in that order ----

        private async Task ShutdownAsync()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
            }
            _stop.Cancel();
            // The capture thread leaves within one chunk (a device read returns every 20-40 ms).
            _captureThread?.Join();
            try
            {
                await _receiveTask.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancelled on purpose above.
            }
            _player.Dispose();
            _input.Dispose();
            _events.Writer.TryComplete();
            _stop.Dispose();
        }

        private void Fail(Exception ex)
        {
            lock (_gate) _failure ??= ex;
            Stop("Error");
        }

        // ---- capture thread ----

        private void CaptureLoop()
        {
            CancellationToken token = _stop.Token;
            var buffer = new byte[_chunkBytes];
            var preroll = new Queue<byte[]>();
            EnergyVoiceDetector? clientVad = _options.Activity == ActivityMode.Client
                ? new EnergyVoiceDetector(PcmFormat.Input16k.SampleRate, _options.SpeechThresholdDbfs, _options.PrefixPadding, _options.SilenceDuration)
                : null;
            bool activityOpen = false;
            bool spokeSinceStreamEnd = false;
            long silentSince = -1;
            int loudFrames = 0;
            long nextLevel = 0;
            try
            {
                while (!token.IsCancellationRequested)
                {
                    int n = _input.Read(buffer, 0, _chunkBytes, token);
                    if (n == 0)
                    {
                        OnInputEnded(activityOpen);
                        return;
                    }
                    var chunk = new byte[n];
                    Buffer.BlockCopy(buffer, 0, chunk, 0, n);
                    double level = Pcm16.LevelDbfs(chunk);

                    // Half-duplex: while the model speaks the mic sends silence, unless the user is clearly louder (barge-in).
                    bool gated = false;
                    if (_options.Echo == EchoMode.HalfDuplex && _player.IsActive)
                    {
                        loudFrames = level >= _options.BargeInThresholdDbfs ? loudFrames + 1 : 0;
                        if (loudFrames < 2)
                        {
                            gated = true;
                            Array.Clear(chunk, 0, chunk.Length);
                        }
                    }
                    else
                    {
                        loudFrames = 0;
                    }
                    bool voiced = !gated && level >= _options.SpeechThresholdDbfs;
                    if (voiced) Interlocked.Exchange(ref _lastVoiceTicks, _clock.Elapsed.Ticks);

                    if (_clock.Elapsed.Ticks >= nextLevel)
                    {
                        nextLevel = _clock.Elapsed.Ticks + _options.LevelInterval.Ticks;
                        _events.Writer.TryWrite(new VoiceEvent(VoiceEventKind.Level) { LevelDbfs = level, Gated = gated });
                    }

                    switch (_options.Activity)
                    {
                        case ActivityMode.Server:
                            Send(chunk);
                            // audioStreamEnd once the mic has paused after speech (protocol.md §4.3).
                            if (voiced)
                            {
                                spokeSinceStreamEnd = true;
                                silentSince = -1;
                            }
                            else if (spokeSinceStreamEnd)
                            {
                                if (silentSince < 0) silentSince = _clock.Elapsed.Ticks;
                                else if (_clock.Elapsed.Ticks - silentSince >= _options.AudioStreamEndAfter.Ticks)
                                {
                                    spokeSinceStreamEnd = false;
                                    silentSince = -1;
                                    Observe(_session.SendAudioStreamEndAsync(token));
                                }
                            }
                            break;
                        case ActivityMode.Client:
                            VoiceTransition t = clientVad!.Process(gated ? new byte[chunk.Length] : chunk);
                            if (!activityOpen)
                            {
                                // Keep the attack so the start of the word is not cut.
                                preroll.Enqueue(chunk);
                                while (preroll.Count > Math.Max(1, (int)(_options.PrefixPadding.TotalMilliseconds / 20) + 2)) preroll.Dequeue();
                                if (t == VoiceTransition.SpeechStarted)
                                {
                                    activityOpen = true;
                                    Observe(_session.SendActivityStartAsync(token));
                                    while (preroll.Count > 0) Send(preroll.Dequeue());
                                }
                            }
                            else
                            {
                                Send(chunk);
                                if (t == VoiceTransition.SpeechEnded)
                                {
                                    activityOpen = false;
                                    Observe(_session.SendActivityEndAsync(token));
                                }
                            }
                            break;
                        case ActivityMode.PushToTalk:
                            bool talking = _talking;
                            if (talking && !activityOpen)
                            {
                                activityOpen = true;
                                Observe(_session.SendActivityStartAsync(token));
                            }
                            if (activityOpen) Send(chunk);
                            if (!talking && activityOpen)
                            {
                                activityOpen = false;
                                Observe(_session.SendActivityEndAsync(token));
                            }
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopping.
            }
            catch (Exception ex) when (ex is AudioDeviceException || ex is InvalidOperationException || ex is GeminiSessionException || ex is ObjectDisposedException)
            {
                if (!token.IsCancellationRequested) Fail(ex);
            }
        }

        private void OnInputEnded(bool activityOpen)
        {
            CancellationToken token = _stop.Token;
            if (_options.Activity == ActivityMode.Server) Observe(_session.SendAudioStreamEndAsync(token));
            else if (activityOpen) Observe(_session.SendActivityEndAsync(token));
            Notice("The audio input ended.");
            if (_options.EndWhenInputEnds) _ = Task.Run(WaitForQuietAsync);
        }

        /// <summary>After the input ended: stop once no turn is open and nothing plays for a moment.</summary>
        private async Task WaitForQuietAsync()
        {
            TimeSpan grace = TimeSpan.FromSeconds(2);
            try
            {
                while (true)
                {
                    await Task.Delay(grace, _stop.Token).ConfigureAwait(false);
                    bool open;
                    lock (_gate) open = _current != null;
                    if (!open && !_player.IsActive)
                    {
                        Stop("InputEnded");
                        return;
                    }
                    grace = _player.Queued + _player.DeviceBuffer + TimeSpan.FromMilliseconds(500);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped for another reason.
            }
        }

        private void Send(byte[] chunk)
        {
            if (Interlocked.Increment(ref _inFlight) > _options.MaxChunksInFlight)
            {
                // The socket is not keeping up: audio is the droppable kind (architecture.md); control still goes first.
                Interlocked.Decrement(ref _inFlight);
                Interlocked.Increment(ref _chunksDropped);
                return;
            }
            Interlocked.Increment(ref _chunksSent);
            Interlocked.Add(ref _bytesSent, chunk.Length);
            Task sent = _session.SendAudioAsync(chunk, _stop.Token);
            sent.ContinueWith(t =>
            {
                Interlocked.Decrement(ref _inFlight);
                if (t.IsFaulted && !_stop.IsCancellationRequested) Fail(t.Exception!.GetBaseException());
            }, TaskScheduler.Default);
        }

        private void Observe(Task task)
        {
            task.ContinueWith(t =>
            {
                if (t.IsFaulted && !_stop.IsCancellationRequested) Fail(t.Exception!.GetBaseException());
            }, TaskScheduler.Default);
        }

        // ---- receive task ----

        private async Task ReceiveLoopAsync()
        {
            CancellationToken token = _stop.Token;
            try
            {
                while (true)
                {
                    ServerMessage? message = await _session.ReadMessageAsync(token).ConfigureAwait(false);
                    if (message == null)
                    {
                        Stop("SessionEnded");
                        return;
                    }
                    using (message) Handle(message);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopping.
            }
            catch (GeminiSessionException ex)
            {
                Fail(ex);
            }
        }

        private void Handle(ServerMessage message)
        {
            ServerContent? content = message.ServerContent;
            VoiceTurn turn;
            lock (_gate)
            {
                bool opens = content?.ModelTurn != null || content?.OutputTranscription != null || message.ToolCall != null
                    || content?.InputTranscription != null || (content?.TurnComplete == true && _current == null && content.Interrupted != true);
                if (_current == null && opens) _current = new VoiceTurn(_turns.Count + 1, message.ReceivedAt == default ? DateTimeOffset.Now : message.ReceivedAt);
                if (_current == null)
                {
                    // interrupted after turnComplete (protocol.md §5.1): playback of the last turn must still stop.
                    if (content?.Interrupted == true) Interrupt(_last);
                    if (message.UsageMetadata != null && _last != null) _last.Usage = message.UsageMetadata;
                    return;
                }
                turn = _current;
            }

            if (content?.InputTranscription?.Text is { Length: > 0 } heard)
            {
                turn.InputTranscript += heard;
                _events.Writer.TryWrite(new VoiceEvent(VoiceEventKind.InputText) { Text = heard, Turn = turn });
                if (_stopPhrase.Length > 0 && Normalize(turn.InputTranscript).Contains(_stopPhrase)) Stop("StopPhrase");
            }
            if (content?.ModelTurn?.Parts != null)
            {
                foreach (Part part in content.ModelTurn.Parts)
                {
                    if (part.Thought == true || part.InlineData?.Data == null) continue;
                    if (part.InlineData.MimeType == null || !part.InlineData.MimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)) continue;
                    ReadOnlySpan<byte> pcm = part.InlineData.Data.Memory.Span;
                    int rate = PcmFormat.FromMimeType(part.InlineData.MimeType, 24000).SampleRate;
                    byte[] audio = rate == 24000 ? pcm.ToArray() : PcmResampler.Convert(pcm, rate, 24000);
                    turn.AudioReceived += PcmFormat.Output24k.DurationOf(audio.Length);
                    if (!turn.Interrupted) _player.Enqueue(audio);
                }
            }
            if (content?.OutputTranscription?.Text is { Length: > 0 } said)
            {
                turn.OutputTranscript += said;
                _events.Writer.TryWrite(new VoiceEvent(VoiceEventKind.OutputText) { Text = said, Turn = turn });
            }
            if (message.ToolCall?.FunctionCalls is { Count: > 0 } calls)
            {
                turn.ToolCalls += calls.Count;
                _events.Writer.TryWrite(new VoiceEvent(VoiceEventKind.ToolCall) { Calls = calls.ToArray(), Turn = turn });
            }
            if (content?.Interrupted == true) Interrupt(turn);
            if (content?.GenerationComplete == true) _player.MarkEndOfStream();
            if (message.UsageMetadata != null) turn.Usage = message.UsageMetadata;
            if (content?.TurnComplete == true)
            {
                _player.MarkEndOfStream();
                turn.Complete = true;
                turn.EndedAt = message.ReceivedAt == default ? DateTimeOffset.Now : message.ReceivedAt;
                lock (_gate)
                {
                    _turns.Add(turn);
                    _last = turn;
                    _current = null;
                }
                _events.Writer.TryWrite(new VoiceEvent(VoiceEventKind.TurnEnded) { Turn = turn });
            }
        }

        private void Interrupt(VoiceTurn? turn)
        {
            if (turn != null)
            {
                turn.Interrupted = true;
                turn.InterruptedAt ??= DateTimeOffset.Now;
            }
            _events.Writer.TryWrite(new VoiceEvent(VoiceEventKind.Interrupted) { Turn = turn });
            _player.FlushAsync().ContinueWith(t =>
            {
                if (t.Status == TaskStatus.RanToCompletion)
                {
                    if (turn != null && turn.BargeInStopLatency == null) turn.BargeInStopLatency = t.Result;
                }
                else if (t.IsFaulted)
                {
                    Fail(t.Exception!.GetBaseException());
                }
            }, TaskScheduler.Default);
        }

        private void OnPlaybackStarted(DateTimeOffset at)
        {
            VoiceTurn? turn;
            lock (_gate) turn = _current ?? _last;
            long voice = Interlocked.Read(ref _lastVoiceTicks);
            if (turn == null || turn.TimeToFirstAudio != null || voice < 0) return;
            turn.TimeToFirstAudio = TimeSpan.FromTicks(_clock.Elapsed.Ticks - voice);
        }

        private void Notice(string text) => _events.Writer.TryWrite(new VoiceEvent(VoiceEventKind.Notice) { Text = text });

        private static string Normalize(string text)
        {
            var result = new StringBuilder(text.Length);
            bool space = false;
            foreach (char c in text.ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c))
                {
                    if (space && result.Length > 0) result.Append(' ');
                    result.Append(c);
                    space = false;
                }
                else
                {
                    space = true;
                }
            }
            return result.ToString();
        }
    }
}
