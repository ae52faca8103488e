using System;
using System.Collections.Generic;
using GeminiRealtime.Audio;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Session
{
    /// <summary>How user text is sent: <c>realtimeInput.text</c> (preferred on 3.x) or a <c>clientContent</c> turn.</summary>
    public enum TextInputPath
    {
        Auto,
        RealtimeInput,
        ClientContent,
    }

    /// <summary>Everything needed to open a session: where, with which credential, and the setup to send.</summary>
    public sealed class GeminiSessionOptions
    {
        public GeminiSessionOptions(ApiCredential credential) => Credential = credential ?? throw new ArgumentNullException(nameof(credential));

        public ApiCredential Credential { get; }
        /// <summary>Base endpoint (http, https, ws or wss); null = Google's service.</summary>
        public Uri? Endpoint { get; set; }
        public string ApiVersion { get; set; } = LiveEndpoint.DefaultApiVersion;
        public string Model { get; set; } = ModelCatalog.DefaultModelId;
        public string ResponseModality { get; set; } = Modality.Audio;
        public string? Voice { get; set; }
        public string? LanguageCode { get; set; }
        public string? SystemInstruction { get; set; }
        public bool InputTranscription { get; set; }
        /// <summary>Null = on for AUDIO (the text of the reply comes from it), off for TEXT.</summary>
        public bool? OutputTranscription { get; set; }
        public float? Temperature { get; set; }
        public int? MaxOutputTokens { get; set; }
        /// <summary><c>generationConfig.mediaResolution</c> (tokens per video frame: LOW 64, MEDIUM 256); null = the service's default.</summary>
        public string? MediaResolution { get; set; }
        /// <summary>
        /// Sends <c>contextWindowCompression: {slidingWindow: {}}</c> (service defaults for the trigger and target), which
        /// lifts the 15-minute audio and 2-minute audio+video session limits (protocol.md §8).
        /// </summary>
        public bool ContextWindowCompression { get; set; }
        /// <summary>Ask for resumption handles (protocol.md §11.4: always). Null handle = a new session.</summary>
        public bool SessionResumption { get; set; } = true;
        public string? ResumptionHandle { get; set; }
        /// <summary>With <see cref="ContextWindowCompression"/>: tokens at which compression starts; null = the service's default (80 % of the window).</summary>
        public long? CompressionTriggerTokens { get; set; }
        /// <summary>With <see cref="ContextWindowCompression"/>: tokens the sliding window keeps; null = the service's default (half the trigger).</summary>
        public long? CompressionTargetTokens { get; set; }
        /// <summary>Send <c>historyConfig.initialHistoryInClientContent: true</c> (3.8: the session is seeded with clientContent history).</summary>
        public bool InitialHistoryInClientContent { get; set; }
        public List<Tool> Tools { get; } = new List<Tool>();
        /// <summary>Activity detection (VAD) settings sent as <c>setup.realtimeInputConfig</c>; null = the service defaults.</summary>
        public RealtimeInputConfig? RealtimeInputConfig { get; set; }
        public TextInputPath TextInput { get; set; } = TextInputPath.Auto;
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>How long to wait for <c>setupComplete</c> after sending <c>setup</c>.</summary>
        public TimeSpan SetupTimeout { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>Server messages kept for a reader before the oldest are dropped.</summary>
        public int InboxCapacity { get; set; } = 4096;
        public int MaxMessageBytes { get; set; } = 64 * 1024 * 1024;
        /// <summary>
        /// How long a function call may wait for a PowerShell command to run it; after that (with no command waiting on
        /// the session) the engine answers <c>{"error": "…no PowerShell command was waiting…"}</c>. Default 10 s.
        /// </summary>
        public TimeSpan UnattendedToolCallTimeout { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>
        /// Records the audio the session sends (once on the wire) and receives (as it arrives). Not owned by the session:
        /// whoever made it disposes it (a <see cref="GeminiConversation"/> hands its own to each of its connections).
        /// </summary>
        public ConversationRecorder? Recorder { get; set; }

        /// <summary>The model id without <c>models/</c>.</summary>
        public string ModelId => ModelCatalog.NormalizeId(Model);

        /// <summary>Builds the <c>setup</c> message (protocol.md §4.1).</summary>
        public LiveSetup BuildSetup()
        {
            string modality = ResponseModality.ToUpperInvariant();
            var generation = new GenerationConfig { ResponseModalities = new List<string> { modality } };
            if (Temperature.HasValue) generation.Temperature = Temperature;
            if (MaxOutputTokens.HasValue) generation.MaxOutputTokens = MaxOutputTokens;
            if (MediaResolution != null) generation.MediaResolution = MediaResolution;
            if (Voice != null || LanguageCode != null)
            {
                generation.SpeechConfig = new SpeechConfig { LanguageCode = LanguageCode };
                if (Voice != null)
                    generation.SpeechConfig.VoiceConfig = new VoiceConfig { PrebuiltVoiceConfig = new PrebuiltVoiceConfig { VoiceName = Voice } };
            }
            var setup = new LiveSetup
            {
                Model = "models/" + ModelId,
                GenerationConfig = generation,
            };
            if (!string.IsNullOrEmpty(SystemInstruction))
            {
                var parts = new List<Part>();
                foreach (string paragraph in SystemInstruction!.Replace("\r\n", "\n").Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries))
                    parts.Add(new Part { Text = paragraph.Trim() });
                setup.SystemInstruction = new Content { Parts = parts };
            }
            if (Tools.Count > 0) setup.Tools = new List<Tool>(Tools);
            if (RealtimeInputConfig != null) setup.RealtimeInputConfig = RealtimeInputConfig;
            if (InputTranscription) setup.InputAudioTranscription = new AudioTranscriptionConfig();
            if (OutputTranscription ?? modality == Modality.Audio) setup.OutputAudioTranscription = new AudioTranscriptionConfig();
            if (ContextWindowCompression)
            {
                setup.ContextWindowCompression = new ContextWindowCompressionConfig
                {
                    TriggerTokens = CompressionTriggerTokens,
                    SlidingWindow = new SlidingWindow { TargetTokens = CompressionTargetTokens },
                };
            }
            if (SessionResumption) setup.SessionResumption = new SessionResumptionConfig { Handle = ResumptionHandle };
            if (InitialHistoryInClientContent) setup.HistoryConfig = new HistoryConfig { InitialHistoryInClientContent = true };
            return setup;
        }
    }
}
