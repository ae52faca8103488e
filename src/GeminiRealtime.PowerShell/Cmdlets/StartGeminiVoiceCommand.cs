using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Audio;
using GeminiRealtime.Audio.Backends;
using GeminiRealtime.Models;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.PowerShell.Supervision;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Voice;
using VoiceEcho = GeminiRealtime.Voice.EchoMode;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// A spoken conversation with real audio devices (or WAV files): live transcript and mic level on the host, barge-in,
    /// push-to-talk. Runs until Ctrl+C, -Duration, the stop phrase or the end of -InputFile; returns a VoiceSummary.
    /// Capture, playback and the socket run on background threads; this (pipeline) thread only renders and answers tools.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "GeminiVoice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(VoiceSummary))]
    public sealed class StartGeminiVoiceCommand : GeminiCmdlet
    {
        /// <summary>Talk on this open session (from the pipeline, by value or by property name) instead of connecting a new one.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [ValidateNotNull]
        public IGeminiSession? Session { get; set; }

        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.DefaultModelId;

        [Parameter]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Voice { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SystemInstruction { get; set; }

        /// <summary>Capture device name ("" = default). Tab completion lists Get-GeminiAudioDevice -Kind Input.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AudioDeviceCompleter))]
        [AllowEmptyString]
        public string InputDevice { get => _inputDevice; set => _inputDevice = value ?? string.Empty; }   // $null = "" = the default device

        private string _inputDevice = string.Empty;

        [Parameter]
        [ArgumentCompleter(typeof(AudioDeviceCompleter))]
        [AllowEmptyString]
        public string OutputDevice { get => _outputDevice; set => _outputDevice = value ?? string.Empty; }   // $null = "" = the default device

        private string _outputDevice = string.Empty;

        [Parameter]
        [ValidateSet("Auto", "Pulse", "WinMM", "Sox", "Null")]
        public string AudioBackend { get; set; } = "Auto";

        /// <summary>Use a WAV file as the microphone (any format; resampled). The conversation ends when its replies have played.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? InputFile { get; set; }

        /// <summary>Record what would have played to a 24 kHz WAV file instead of a speaker.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputFile { get; set; }

        /// <summary>
        /// Record both directions of the session this command connects into this WAV file (24 kHz stereo, left = you,
        /// right = Gemini, time-aligned; overwritten). Not with -Session: the recording belongs to the session then.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RecordPath { get; set; }

        /// <summary>Stop after this long: a TimeSpan, or a number of seconds.</summary>
        [Parameter]
        [SecondsTransformation]
        public TimeSpan? Duration { get; set; }

        /// <summary>Stop when the input transcription contains this phrase; "" turns it off.</summary>
        [Parameter]
        [AllowEmptyString]
        public string StopPhrase { get; set; } = "stop listening";

        /// <summary>Manual activity: press Space to start talking and Space again to stop (activityStart/activityEnd).</summary>
        [Parameter]
        public SwitchParameter PushToTalk { get; set; }

        /// <summary>Server: the service's VAD. Client: manual activity, a local energy VAD sends activityStart/activityEnd.</summary>
        [Parameter]
        [ValidateSet("Server", "Client")]
        public string ActivityDetection { get; set; } = "Server";

        [Parameter]
        [ValidateSet("High", "Low")]
        public string? StartSensitivity { get; set; }

        [Parameter]
        [ValidateSet("High", "Low")]
        public string? EndSensitivity { get; set; }

        [Parameter]
        [ValidateRange(0, 10000)]
        public int? PrefixPaddingMs { get; set; }

        [Parameter]
        [ValidateRange(0, 10000)]
        public int? SilenceDurationMs { get; set; }

        /// <summary>
        /// Auto: full duplex for files and echo-cancelled sources; on Linux/PulseAudio an echo-cancelled pair
        /// (module-echo-cancel) when it loads; half duplex otherwise. EchoCancel: that pair, or half duplex with a warning.
        /// </summary>
        [Parameter]
        [ValidateSet("Auto", "FullDuplex", "HalfDuplex", "EchoCancel")]
        public string EchoMode { get; set; } = "Auto";

        /// <summary>Half duplex: mic level (dBFS) that counts as barging in while the model speaks.</summary>
        [Parameter]
        [ValidateRange(-90, 0)]
        public double BargeInThreshold { get; set; } = -30;

        /// <summary>Device playback buffer in ms: output latency, and the most a barge-in flush cuts.</summary>
        [Parameter]
        [ValidateRange(20, 1000)]
        public int PlaybackBufferMs { get; set; } = 60;

        [Parameter]
        [ValidateRange(20, 40)]
        public int ChunkMs { get; set; } = 20;

        /// <summary>No live transcript or level meter (the summary is still returned).</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        private string? _recordFile;
        private ConversationRecorder? _recorder;

        protected override void ProcessRecord()
        {
            if (RecordPath != null && Session != null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-RecordPath records the session Start-GeminiVoice connects itself. To record a session passed with -Session, connect it with Connect-GeminiRealtime -RecordPath."),
                    "GeminiRecordPathWithSession", ErrorCategory.InvalidArgument, RecordPath));
            }
            _recordFile = RecordPath == null ? null : ConversationSetup.ResolveRecordPath(this, RecordPath);
            // Like Start-GeminiChat: without -Session and without parameters for a connection of its own, the session
            // Connect-GeminiRealtime opened last ("Connect-GeminiRealtime; Start-GeminiVoice").
            IGeminiSession? given = Session ?? (ConnectsOwnSession ? null : OpenDefaultSession());
            // Nothing is opened, connected or sent before the user agrees: -WhatIf touches no device and no socket.
            string target = given != null
                ? $"session {given.Id} ({given.Model})"
                : $"a new session with model {Model}" + (Endpoint == null ? string.Empty : Endpoint.IsAbsoluteUri ? $" at {Endpoint.GetLeftPart(UriPartial.Authority)}" : $" at {Endpoint.OriginalString}");
            string from = InputFile != null ? $"the file {InputFile}" : !string.IsNullOrEmpty(InputDevice) ? $"the input device '{InputDevice}'" : "the default microphone";
            string to = OutputFile != null ? $"the file {OutputFile}" : !string.IsNullOrEmpty(OutputDevice) ? $"the output device '{OutputDevice}'" : "the default speaker";
            if (!ShouldProcess(target, $"Start a voice conversation: send audio from {from} and play the replies to {to}")) return;

            var streams = new AudioStreamOptions
            {
                CaptureChunk = TimeSpan.FromMilliseconds(ChunkMs),
                PlaybackBuffer = TimeSpan.FromMilliseconds(PlaybackBufferMs),
            };
            ActivityMode activity = PushToTalk ? ActivityMode.PushToTalk : ActivityDetection == "Client" ? ActivityMode.Client : ActivityMode.Server;
            var options = new VoiceOptions
            {
                Activity = activity,
                BargeInThresholdDbfs = BargeInThreshold,
                Duration = Duration,
                StopPhrase = StopPhrase,
                EndWhenInputEnds = InputFile != null,
            };
            if (PrefixPaddingMs.HasValue) options.PrefixPadding = TimeSpan.FromMilliseconds(PrefixPaddingMs.Value);
            if (SilenceDurationMs.HasValue) options.SilenceDuration = TimeSpan.FromMilliseconds(SilenceDurationMs.Value);

            IAudioInput? input = null;
            IAudioOutput? output = null;
            IGeminiSession? owned = null;
            PulseEchoCancel? echoCancel = null;
            try
            {
                IAudioBackend? backend = InputFile == null || OutputFile == null ? AudioBackends.Create(AudioBackend) : null;
                VoiceEcho? echo = SetUpEchoCancel(backend, out echoCancel);
                input = InputFile != null
                    ? new FileAudioInput(GetUnresolvedProviderPathFromPSPath(InputFile), paced: true, trailingSilence: TimeSpan.FromSeconds(1.5))
                    : backend!.OpenInput(echoCancel?.SourceName ?? InputDevice, streams);
                output = OutputFile != null
                    ? new FileAudioOutput(GetUnresolvedProviderPathFromPSPath(OutputFile), streams)
                    : backend!.OpenOutput(echoCancel?.SinkName ?? OutputDevice, streams);
                options.Echo = echo ?? ResolveEcho(input);
                WriteVerbose($"Audio: in {input.Description}, out {output.Description}; {activity} activity, {options.Echo}, chunks {ChunkMs} ms, device buffer {PlaybackBufferMs} ms.");

                IGeminiSession session = given ?? (owned = Connect(activity));
                if (given != null) WriteVerbose($"Talking on session {given.Id} ({given.Model}){(Session == null ? ", the default session" : string.Empty)}.");
                if (given != null && (PrefixPaddingMs.HasValue || SilenceDurationMs.HasValue || StartSensitivity != null || EndSensitivity != null || activity != ActivityMode.Server))
                    WriteWarning("With -Session the session's own setup decides activity detection; the VAD and push-to-talk parameters only shape what this client sends.");

                var conversation = new VoiceConversation(session, input, output, options, streams);
                input = null; // owned by the conversation now
                output = null;
                VoiceSummary summary = Run(conversation, session);
                summary.RecordPath = _recorder?.Path ?? (session as GeminiConversation)?.RecordPath;
                WriteObject(summary);
            }
            catch (AudioRecordingException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiRecordPathUnusable", ErrorCategory.WriteError, RecordPath));
            }
            catch (AudioUnavailableException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiAudioUnavailable", ErrorCategory.ResourceUnavailable, AudioBackend));
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is System.IO.InvalidDataException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiAudioFile", ErrorCategory.ReadError, InputFile ?? OutputFile));
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is GeminiConnectionException)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Model));
            }
            finally
            {
                input?.Dispose();
                output?.Dispose();
                // After the streams (the conversation has released them by now): no module is left behind on Ctrl+C or failure.
                // No WriteVerbose here: while stopping it throws, and the session below must still be closed.
                echoCancel?.Dispose();
                ConversationRecorder? recorder = _recorder;
                _recorder = null;
                try
                {
                    // Always close normally (1000): a leaked session uses up the concurrency quota (protocol.md §11.8).
                    owned?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                finally
                {
                    // After the session: everything it sent and received is in the file.
                    recorder?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                if (owned != null) WriteVerbose($"Session {owned.Id} closed.");
                if (recorder != null) TellRecording(recorder);
            }
        }

        /// <summary>Connection parameters were given: this command connects a session of its own.</summary>
        private bool ConnectsOwnSession => ApiKey != null || Endpoint != null || RecordPath != null
            || MyInvocation.BoundParameters.ContainsKey(nameof(Model)) || Voice != null || SystemInstruction != null;

        private static IGeminiSession? OpenDefaultSession()
        {
            IGeminiSession? session = SessionRegistry.Default;
            return session != null && (session.State == GeminiSessionState.Open || session.State == GeminiSessionState.Reconnecting) ? session : null;
        }

        private void TellRecording(ConversationRecorder recorder)
        {
            if (recorder.Failure != null)
                WriteWarning($"Recording to {recorder.Path} stopped early ({recorder.Failure.Message.TrimEnd('.')}); the file keeps what was recorded before.");
            if (recorder.DroppedChunks > 0)
                WriteWarning($"Recording to {recorder.Path}: {recorder.DroppedChunks} audio chunk(s) were left out because the disk did not keep up.");
            WriteVerbose($"Recorded {recorder.Duration.TotalSeconds:0.0} s to {recorder.Path} (left: you, {recorder.UserAudio.TotalSeconds:0.0} s of audio; right: Gemini, {recorder.ModelAudio.TotalSeconds:0.0} s).");
        }

        private VoiceSummary Run(VoiceConversation conversation, IGeminiSession session)
        {
            Task<VoiceSummary> run = conversation.RunAsync(StopToken);
            var ui = new VoiceConsole(this, Quiet);
            // This command waits on the session for the whole conversation: tool calls run here, not by the engine's deadline.
            using IDisposable toolWaiter = session.ToolCalls.AttachWaiter();
            try
            {
                while (true)
                {
                    // Push-to-talk reads keys, so it wakes up ten times a second; otherwise it sleeps until an event.
                    Task<bool> ready = conversation.Events.WaitToReadAsync().AsTask();
                    if (PushToTalk)
                    {
                        while (!ready.Wait(100)) PollTalkKey(conversation, ui);
                    }
                    if (!ready.GetAwaiter().GetResult()) break;
                    while (conversation.Events.TryRead(out VoiceEvent? e))
                    {
                        if (e.Kind == VoiceEventKind.ToolCall) AnswerToolCalls(session, e.Calls!);
                        else ui.Show(e);
                        if (e.Kind == VoiceEventKind.TurnEnded) SupervisorReview.AfterTurn(this, session, StopToken);
                    }
                    // What the conversation did on its own (reconnects, resumptions, recording problems), in order.
                    ConversationNotices.Tell(this, session);
                }
            }
            finally
            {
                ui.Done();
                // Whatever ended the loop, the conversation's threads and devices are released before we return.
                conversation.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            VoiceSummary summary = run.GetAwaiter().GetResult();
            if (summary.StopReason == "Stopped" && StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            if (summary.Error != null) WriteError(new ErrorRecord(summary.Error, "GeminiVoiceFailed", ErrorCategory.NotSpecified, session.Id));
            return summary;
        }

        private void PollTalkKey(VoiceConversation conversation, VoiceConsole ui)
        {
            try
            {
                if (!Host.UI.RawUI.KeyAvailable) return;
                KeyInfo key = Host.UI.RawUI.ReadKey(ReadKeyOptions.NoEcho | ReadKeyOptions.IncludeKeyDown);
                if (key.Character != ' ') return;
                conversation.SetTalking(!conversation.IsTalking);
                ui.Talking(conversation.IsTalking);
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is InvalidOperationException || ex is PSNotImplementedException)
            {
                // A host without a keyboard (e.g. a job): push-to-talk cannot work there.
                WriteWarning("This host cannot read keys; push-to-talk is unavailable. Use -ActivityDetection Client instead.");
                conversation.Stop("Error");
            }
        }

        // Tool calls run here, on the pipeline thread, through the same dispatcher as text turns (every call answered once).
        private void AnswerToolCalls(IGeminiSession session, IReadOnlyList<FunctionCall> calls) =>
            new ToolDispatcher(this, session).Run(calls, null, StopToken);

        private IGeminiSession Connect(ActivityMode activity)
        {
            string? key = Secrets.Resolve(ApiKey, out string keySource);
            if (key == null) ThrowTerminatingError(ErrorRecords.NoApiKey());
            var vad = new AutomaticActivityDetection();
            if (activity != ActivityMode.Server) vad.Disabled = true;
            if (StartSensitivity != null) vad.StartOfSpeechSensitivity = "START_SENSITIVITY_" + StartSensitivity.ToUpperInvariant();
            if (EndSensitivity != null) vad.EndOfSpeechSensitivity = "END_SENSITIVITY_" + EndSensitivity.ToUpperInvariant();
            if (activity == ActivityMode.Server)
            {
                vad.PrefixPaddingMs = PrefixPaddingMs;
                vad.SilenceDurationMs = SilenceDurationMs;
            }
            bool anyVad = vad.Disabled != null || vad.StartOfSpeechSensitivity != null || vad.EndOfSpeechSensitivity != null || vad.PrefixPaddingMs != null || vad.SilenceDurationMs != null;
            var options = new GeminiSessionOptions(ApiCredential.FromSecret(key!))
            {
                Endpoint = Endpoint,
                Model = Model,
                Voice = Voice,
                SystemInstruction = SystemInstruction,
                InputTranscription = true,
                OutputTranscription = true,
                RealtimeInputConfig = anyVad ? new RealtimeInputConfig { AutomaticActivityDetection = vad } : null,
            };
            // The voice session's own connection declares the registered tools too; they run on this pipeline thread.
            SessionTools toolSet = ToolSetup.Apply(this, options, null, false, false, null);
            // A conversation that outlives its connections (goAway, drops: capture and playback go on) and, with context
            // window compression, past the service's 15-minute audio limit.
            options.ContextWindowCompression = true;
            var settings = new ConversationOptions { RecordPath = _recordFile };
            if (_recordFile != null) WriteVerbose($"Recording both directions to {_recordFile} (24 kHz stereo WAV: left you as sent, right Gemini as received).");
            WriteVerbose($"Connecting ({keySource}) for a voice session with model {options.ModelId} (reconnects on goAway and lost connections; contextWindowCompression: slidingWindow).");
            // A failed connect leaves no recording behind (the conversation abandons the file it opened).
            GeminiConversation session = Wait(GeminiConversation.ConnectAsync(options, settings, StopToken));
            _recorder = session.Recorder;
            SessionTools.Attach(session, toolSet);
            return session;
        }

        /// <summary>
        /// EchoCancel, or Auto on Linux with the Pulse backend and device input and output: loads module-echo-cancel around
        /// the chosen devices. Returns EchoCancel when it loaded, HalfDuplex when -EchoMode EchoCancel could not be honoured
        /// (with a warning saying why), and null to let <see cref="ResolveEcho"/> decide.
        /// </summary>
        private VoiceEcho? SetUpEchoCancel(IAudioBackend? backend, out PulseEchoCancel? echoCancel)
        {
            echoCancel = null;
            bool asked = EchoMode == "EchoCancel";
            if (!asked && EchoMode != "Auto") return null;
            string? unusable = InputFile != null || OutputFile != null ? "it needs a microphone and a speaker, not -InputFile or -OutputFile"
                : !(backend is PulseBackend) ? $"it needs PulseAudio or PipeWire (-AudioBackend Pulse on Linux), not the {backend!.Name} backend"
                : null;
            // Auto leaves an input that is already echo-cancelled alone (ResolveEcho: full duplex).
            if (!asked && (unusable != null || InputDevice.IndexOf("echo", StringComparison.OrdinalIgnoreCase) >= 0 || InputDevice.IndexOf("aec", StringComparison.OrdinalIgnoreCase) >= 0))
                return null;
            string? failure = unusable;
            if (failure == null)
            {
                echoCancel = PulseEchoCancel.TryLoad(InputDevice, OutputDevice, out failure);
                if (echoCancel != null)
                {
                    WriteVerbose($"Echo cancellation: loaded {echoCancel}; it is unloaded when the conversation ends.");
                    return VoiceEcho.EchoCancel;
                }
            }
            if (asked)
            {
                WriteWarning($"Echo cancellation is unavailable, using half duplex instead (the microphone is muted while Gemini speaks): {failure}.");
                return VoiceEcho.HalfDuplex;
            }
            WriteVerbose($"Echo cancellation is unavailable, so Auto uses half duplex: {failure}.");
            return VoiceEcho.HalfDuplex;
        }

        private VoiceEcho ResolveEcho(IAudioInput input)
        {
            if (EchoMode == "FullDuplex") return VoiceEcho.FullDuplex;
            if (EchoMode == "HalfDuplex") return VoiceEcho.HalfDuplex;
            // Auto: no acoustic path from a file; an echo-cancelled source (module-echo-cancel) or a headset is the user's call.
            if (InputFile != null) return VoiceEcho.FullDuplex;
            string name = input.Description.ToLowerInvariant();
            if (name.Contains("echo") || name.Contains("aec")) return VoiceEcho.FullDuplex;
            return VoiceEcho.HalfDuplex;
        }
    }
}
