using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiRealtime.Protocol
{
    /// <summary><c>setup</c> (BidiGenerateContentSetup): the first and only configuration message of a connection.</summary>
    public sealed class LiveSetup : WireObject
    {
        /// <summary><c>models/{id}</c>.</summary>
        public string? Model { get; set; }
        public GenerationConfig? GenerationConfig { get; set; }
        public Content? SystemInstruction { get; set; }
        public List<Tool>? Tools { get; set; }
        public RealtimeInputConfig? RealtimeInputConfig { get; set; }
        public SessionResumptionConfig? SessionResumption { get; set; }
        public ContextWindowCompressionConfig? ContextWindowCompression { get; set; }
        public AudioTranscriptionConfig? InputAudioTranscription { get; set; }
        public AudioTranscriptionConfig? OutputAudioTranscription { get; set; }
        public ProactivityConfig? Proactivity { get; set; }
        public HistoryConfig? HistoryConfig { get; set; }
    }

    public sealed class GenerationConfig : WireObject
    {
        public int? CandidateCount { get; set; }
        public int? MaxOutputTokens { get; set; }
        public float? Temperature { get; set; }
        public float? TopP { get; set; }
        public int? TopK { get; set; }
        public float? PresencePenalty { get; set; }
        public float? FrequencyPenalty { get; set; }
        public List<string>? ResponseModalities { get; set; }
        public SpeechConfig? SpeechConfig { get; set; }
        public ThinkingConfig? ThinkingConfig { get; set; }
        public string? MediaResolution { get; set; }
        public int? Seed { get; set; }
        public bool? EnableAffectiveDialog { get; set; }
    }

    public sealed class SpeechConfig : WireObject
    {
        public VoiceConfig? VoiceConfig { get; set; }
        public string? LanguageCode { get; set; }
        public JsonElement? MultiSpeakerVoiceConfig { get; set; }
    }

    public sealed class VoiceConfig : WireObject
    {
        public PrebuiltVoiceConfig? PrebuiltVoiceConfig { get; set; }
    }

    public sealed class PrebuiltVoiceConfig : WireObject
    {
        public string? VoiceName { get; set; }
    }

    public sealed class ThinkingConfig : WireObject
    {
        public bool? IncludeThoughts { get; set; }
        public int? ThinkingBudget { get; set; }
        public string? ThinkingLevel { get; set; }
    }

    public sealed class RealtimeInputConfig : WireObject
    {
        public AutomaticActivityDetection? AutomaticActivityDetection { get; set; }
        public string? ActivityHandling { get; set; }
        public string? TurnCoverage { get; set; }
    }

    public sealed class AutomaticActivityDetection : WireObject
    {
        public bool? Disabled { get; set; }
        public string? StartOfSpeechSensitivity { get; set; }
        public int? PrefixPaddingMs { get; set; }
        public string? EndOfSpeechSensitivity { get; set; }
        public int? SilenceDurationMs { get; set; }
    }

    /// <summary>Present (even empty) asks for <c>sessionResumptionUpdate</c>s; <c>handle</c> resumes.</summary>
    public sealed class SessionResumptionConfig : WireObject
    {
        public string? Handle { get; set; }
        /// <summary>Vertex AI only.</summary>
        public bool? Transparent { get; set; }
    }

    public sealed class ContextWindowCompressionConfig : WireObject
    {
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? TriggerTokens { get; set; }
        public SlidingWindow? SlidingWindow { get; set; }
    }

    public sealed class SlidingWindow : WireObject
    {
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? TargetTokens { get; set; }
    }

    /// <summary><c>{}</c> turns transcription on.</summary>
    public sealed class AudioTranscriptionConfig : WireObject
    {
    }

    public sealed class ProactivityConfig : WireObject
    {
        public bool? ProactiveAudio { get; set; }
    }

    public sealed class HistoryConfig : WireObject
    {
        public bool? InitialHistoryInClientContent { get; set; }
    }
}
