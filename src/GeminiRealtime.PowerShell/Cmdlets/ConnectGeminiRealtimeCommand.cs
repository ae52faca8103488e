using System;
using System.Management.Automation;
using System.Security;
using GeminiRealtime.Models;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.PowerShell.Supervision;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Opens a Live API session: connects, sends setup, waits for setupComplete, and remembers it as the default session.</summary>
    [Cmdlet(VerbsCommunications.Connect, "GeminiRealtime", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiConversation))]
    public sealed class ConnectGeminiRealtimeCommand : GeminiCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.DefaultModelId;

        /// <summary>The key or an ephemeral token (SecureString, e.g. piped from Get-Secret or New-GeminiEphemeralToken; a plain string or PSCredential is converted). Default: $env:GEMINI_API_KEY, then $env:GOOGLE_API_KEY.</summary>
        [Parameter(ValueFromPipeline = true)]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>Base endpoint (http, https, ws or wss), e.g. an emulator's Endpoint. Default: Google's service.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [ValidateSet("v1beta", "v1alpha", "v1")]
        public string ApiVersion { get; set; } = LiveEndpoint.DefaultApiVersion;

        [Parameter]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Voice { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SystemInstruction { get; set; }

        [Parameter]
        [ValidateSet("Audio", "Text")]
        public string ResponseModality { get; set; } = "Audio";

        [Parameter]
        public SwitchParameter InputTranscription { get; set; }

        /// <summary>On by default in Audio modality (the reply text comes from it); -OutputTranscription:$false turns it off.</summary>
        [Parameter]
        public SwitchParameter OutputTranscription { get; set; }

        [Parameter]
        [ValidateRange(0.0, 2.0)]
        public float? Temperature { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LanguageCode { get; set; }

        /// <summary>Do not ask for session resumption handles.</summary>
        [Parameter]
        public SwitchParameter NoResumption { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int TimeoutSec { get; set; } = 30;

        /// <summary>Tokens per video frame (generationConfig.mediaResolution): Low 64, Medium 256, High more.</summary>
        [Parameter]
        [ValidateSet("Unspecified", "Low", "Medium", "High")]
        public string? MediaResolution { get; set; }

        /// <summary>Turn on context window compression (so video may go past 2 minutes) and start sharing the whole screen.</summary>
        [Parameter]
        public SwitchParameter ShareScreen { get; set; }

        /// <summary>Tools to declare (from Get-GeminiTool); default: every registered tool. -Tool @() declares none.</summary>
        [Parameter]
        [ValidateNotNull]
        public GeminiTool[]? Tool { get; set; }

        /// <summary>Which tool calls run: Auto, Confirm (ask before each) or Deny. Default: Set-GeminiToolPolicy's (Auto).</summary>
        [Parameter]
        public GeminiToolPolicy ToolPolicy { get; set; }

        /// <summary>Declare Google Search; grounding (queries, sources) appears on reply objects.</summary>
        [Parameter]
        public SwitchParameter GoogleSearch { get; set; }

        /// <summary>Declare code execution (only where the model allows it).</summary>
        [Parameter]
        public SwitchParameter CodeExecution { get; set; }

        /// <summary>Seconds a tool call waits for a PowerShell command to run it before the engine answers it with an error (default 10).</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public double ToolDeadlineSec { get; set; } = 10;

        /// <summary>Do not reconnect on goAway, lost connections or stalls: report them (the session then ends).</summary>
        [Parameter]
        public SwitchParameter NoReconnect { get; set; }

        /// <summary>Context window compression (sliding window): on by default; -ContextCompression:$false turns it off.</summary>
        [Parameter]
        public SwitchParameter ContextCompression { get; set; }

        /// <summary>Tokens at which compression starts (default: the service's, 80 % of the window).</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long CompressionTriggerTokens { get; set; }

        /// <summary>Tokens the sliding window keeps (default: the service's, half the trigger). Must be below the trigger.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long CompressionTargetTokens { get; set; }

        /// <summary>Seconds without any message while a turn waits before the client calls it a stall and resumes (0 = no watchdog).</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public double StallTimeoutSec { get; set; } = 30;

        /// <summary>Stream the transcript to this file as JSON lines while the conversation goes on (appends).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TranscriptPath { get; set; }

        /// <summary>Record both directions into this WAV file (24 kHz stereo, left = you, right = Gemini, time-aligned; overwritten).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RecordPath { get; set; }

        /// <summary>An earlier conversation to continue: a transcript (Get-GeminiTranscript, Import-GeminiTranscript) or its file (.json, .jsonl).</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Resume { get; set; }

        /// <summary>Terms for the system instruction: a hashtable (term = meaning) or a file (JSON object, or "term: meaning" lines).</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Glossary { get; set; }

        /// <summary>Text files added to the system instruction as reference material (about 100,000 characters at most).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Context { get; set; }

        /// <summary>A supervisor scriptblock, param($Transcript, $Question, $Session): answers ask_supervisor ($Question set) and reviews after turns ($Question null; its output is pushed as guidance).</summary>
        [Parameter]
        [ValidateNotNull]
        public ScriptBlock? Supervisor { get; set; }

        /// <summary>A larger text model (REST generateContent, same key and endpoint) that answers ask_supervisor and reviews the conversation after turns.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SupervisorModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string? SupervisorModel { get; set; }

        /// <summary>Seconds a supervisor answer may take (ask_supervisor's tool timeout and the model's REST timeout). Default 60.</summary>
        [Parameter]
        [ValidateRange(1, 600)]
        public int SupervisorTimeoutSec { get; set; } = 60;

        protected override void ProcessRecord()
        {
            string? key = Secrets.Resolve(ApiKey, out string keySource);
            if (key == null) ThrowTerminatingError(ErrorRecords.NoApiKey());

            var credential = ApiCredential.FromSecret(key!);
            var options = new GeminiSessionOptions(credential)
            {
                Endpoint = Endpoint,
                // The SDKs use v1alpha for ephemeral tokens (the only version that issues them).
                ApiVersion = credential.IsEphemeralToken && !MyInvocation.BoundParameters.ContainsKey(nameof(ApiVersion)) ? "v1alpha" : ApiVersion,
                Model = Model,
                // Unless asked, a model that cannot speak (the transcribe model) answers in TEXT.
                ResponseModality = MyInvocation.BoundParameters.ContainsKey(nameof(ResponseModality)) || ModelCatalog.Find(Model)?.SupportsAudioModality != false
                    ? ResponseModality.ToUpperInvariant()
                    : Modality.Text,
                Voice = Voice,
                LanguageCode = LanguageCode,
                SystemInstruction = SystemInstruction,
                InputTranscription = InputTranscription.IsPresent,
                OutputTranscription = MyInvocation.BoundParameters.ContainsKey(nameof(OutputTranscription)) ? OutputTranscription.IsPresent : (bool?)null,
                Temperature = Temperature,
                SessionResumption = !NoResumption.IsPresent,
                ConnectTimeout = TimeSpan.FromSeconds(TimeoutSec),
                SetupTimeout = TimeSpan.FromSeconds(TimeoutSec),
                MediaResolution = MediaResolution == null ? null : "MEDIA_RESOLUTION_" + MediaResolution.ToUpperInvariant(),
                ContextWindowCompression = ShareScreen.IsPresent || !MyInvocation.BoundParameters.ContainsKey(nameof(ContextCompression)) || ContextCompression.IsPresent,
                CompressionTriggerTokens = MyInvocation.BoundParameters.ContainsKey(nameof(CompressionTriggerTokens)) ? CompressionTriggerTokens : (long?)null,
                CompressionTargetTokens = MyInvocation.BoundParameters.ContainsKey(nameof(CompressionTargetTokens)) ? CompressionTargetTokens : (long?)null,
            };
            if (options.CompressionTriggerTokens.HasValue && options.CompressionTargetTokens.HasValue && options.CompressionTargetTokens >= options.CompressionTriggerTokens)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-CompressionTargetTokens must be less than -CompressionTriggerTokens."),
                    "GeminiCompressionTargetTooLarge", ErrorCategory.InvalidArgument, CompressionTargetTokens));
            }
            ConversationOptions conversationOptions = ConversationSetup.Build(this, options, SystemInstruction, Glossary, Context, Resume, TranscriptPath, RecordPath, NoReconnect.IsPresent, StallTimeoutSec);

            bool supervised = CheckSupervisor();
            var tools = new System.Collections.Generic.List<GeminiTool>(Tool ?? ToolRegistry.Current.All);
            if (supervised)
            {
                if (tools.Exists(t => t.Name == SupervisorTool.Name))
                {
                        ThrowTerminatingError(new ErrorRecord(new ArgumentException($"A registered tool is named '{SupervisorTool.Name}', the name of the supervisor's tool. Unregister or rename it, or pass -Tool without it."),
                        "GeminiSupervisorToolNameTaken", ErrorCategory.ResourceExists, SupervisorTool.Name));
                }
                tools.Add(SupervisorTool.Create(SupervisorTimeoutSec));
            }

            options.UnattendedToolCallTimeout = TimeSpan.FromSeconds(ToolDeadlineSec);
            SessionTools toolSet;
            try
            {
                toolSet = ToolSetup.Apply(this, options, tools, GoogleSearch.IsPresent, CodeExecution.IsPresent,
                    MyInvocation.BoundParameters.ContainsKey(nameof(ToolPolicy)) ? ToolPolicy : (GeminiToolPolicy?)null);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiToolSetupInvalid", ErrorCategory.InvalidArgument, Model));
                return;
            }

            LiveModel? known = ModelCatalog.Find(Model);
            if (known == null)
                WriteWarning($"'{Model}' is not in this module's model table; connecting anyway. Known models: {string.Join(", ", ModelCatalog.ServedIds)}.");
            else if (!known.IsServed)
                WriteWarning($"'{known.Id}' is retired; the service will refuse it (1008). Current models: {string.Join(", ", ModelCatalog.ServedIds)}.");

            Uri url;
            try
            {
                url = LiveEndpoint.Build(Endpoint, ApiVersion, credential.IsEphemeralToken);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Endpoint));
                return;
            }
            if (!ShouldProcess(url.GetLeftPart(UriPartial.Authority), $"Open a Gemini Live session with model {options.ModelId}")) return;

            WriteVerbose($"Connecting to {url} ({credential.HeaderName} header from {keySource}).");
            WriteVerbose($"Sending setup: model models/{options.ModelId}, responseModalities [{options.ResponseModality}]"
                + (Voice != null ? $", voice {Voice}" : string.Empty)
                + (options.OutputTranscription ?? options.ResponseModality == Modality.Audio ? ", outputAudioTranscription" : string.Empty)
                + (InputTranscription ? ", inputAudioTranscription" : string.Empty)
                + (options.SessionResumption ? ", sessionResumption" : string.Empty) + ".");
            if (options.ContextWindowCompression) WriteVerbose($"contextWindowCompression: slidingWindow (trigger {options.CompressionTriggerTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "service default"}, target {options.CompressionTargetTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "service default"}).");
            // Made last, just before connecting: from here on the conversation owns it (and disposes it if connecting fails).
            conversationOptions.Supervisor = CreateModelSupervisor(credential);
            GeminiConversation session;
            try
            {
                session = Wait(GeminiConversation.ConnectAsync(options, conversationOptions, StopToken));
            }
            catch (GeminiRealtime.Audio.AudioRecordingException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiRecordPathUnusable", ErrorCategory.WriteError, RecordPath));
                return;
            }
            catch (System.IO.IOException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiTranscriptPathUnusable", ErrorCategory.WriteError, TranscriptPath));
                return;
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is GeminiConnectionException || ex is ArgumentException)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Model));
                return;
            }
            WriteVerbose($"setupComplete received; session {session.Id} is open{(session.ServerSessionId != null ? " (service session " + session.ServerSessionId + ")" : string.Empty)}.");
            ConversationNotices.Tell(this, session);
            WriteVerbose($"Session {session.Id}: {(session.AutoReconnect ? "reconnects on goAway, lost connections and stalls" : "does not reconnect (-NoReconnect)")}; transcript {(session.TranscriptPath != null ? "streams to " + session.TranscriptPath : "kept in memory (Get-GeminiTranscript)")}.");
            if (session.RecordPath != null)
                WriteVerbose($"Session {session.Id}: recording both directions to {session.RecordPath} (24 kHz stereo WAV: left you as sent, right Gemini as received; kept across reconnects, closed by Disconnect-GeminiRealtime).");
            SessionTools.Attach(session, toolSet);
            SessionSupervisor? supervisor = Supervisor != null ? SessionSupervisor.FromScriptBlock(Supervisor)
                : session.Supervisor != null ? SessionSupervisor.FromModel(session.Supervisor) : null;
            if (supervisor != null)
            {
                SessionSupervisor.Attach(session, supervisor);
                WriteVerbose($"Session {session.Id}: supervisor {supervisor.Description} answers {SupervisorTool.Name}"
                    + (session.CanPushGuidance ? " and reviews the conversation after turns (guidance as clientContent, turnComplete: false)." : "; this model takes no guidance mid-session."));
            }
            SessionRegistry.Add(session);
            WriteObject(session);
            // The session stands even when sharing cannot start (no display): that is a non-terminating error.
            if (ShareScreen) StartGeminiScreenShareCommand.Start(this, session, new GeminiRealtime.Vision.ScreenShareOptions());
        }

        /// <summary>Whether a supervisor was asked for; refuses both kinds at once and warns where it cannot do all it does.</summary>
        private bool CheckSupervisor()
        {
            if (Supervisor == null && SupervisorModel == null) return false;
            if (Supervisor != null && SupervisorModel != null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Pass either -Supervisor (a scriptblock) or -SupervisorModel (a model), not both."),
                    "GeminiSupervisorAmbiguous", ErrorCategory.InvalidArgument, SupervisorModel));
            }
            LiveModel? live = ModelCatalog.Find(Model);
            if (!GeminiRealtime.Supervision.SupervisorGuidance.CanPush(live))
                WriteWarning($"{live!.Id} takes clientContent only as initial history: the supervisor answers {SupervisorTool.Name} but cannot push guidance into the session.");
            if (SupervisorModel != null && TextModelCatalog.Find(SupervisorModel) == null)
                WriteWarning($"'{SupervisorModel}' is not in this module's table of text models; using it anyway. Known: {string.Join(", ", System.Linq.Enumerable.Select(TextModelCatalog.All, m => m.Id))}.");
            return true;
        }

        /// <summary>The -SupervisorModel client (null without one); an ephemeral token or a malformed id is a terminating InvalidArgument error.</summary>
        private GeminiRealtime.Supervision.ModelSupervisor? CreateModelSupervisor(ApiCredential credential)
        {
            if (SupervisorModel == null) return null;
            GeminiRealtime.Supervision.ModelSupervisor? model = null;
            try
            {
                model = new GeminiRealtime.Supervision.ModelSupervisor(credential, SupervisorModel, Endpoint, timeout: TimeSpan.FromSeconds(SupervisorTimeoutSec));
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiSupervisorModelInvalid", ErrorCategory.InvalidArgument, SupervisorModel));
            }
            WriteVerbose($"Supervisor model {model!.Model}: POST {model.Url} ({credential.HeaderName} header).");
            return model;
        }
    }
}
