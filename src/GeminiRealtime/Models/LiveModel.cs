using System.Collections.Generic;

namespace GeminiRealtime.Models
{
    /// <summary>One row of the model table: an id and the rules the service applies to it.</summary>
    public sealed class LiveModel
    {
        internal LiveModel(string id, ModelFamily family, ModelStatus status, string description)
        {
            Id = id;
            Family = family;
            Status = status;
            Description = description;
        }

        public string Id { get; }
        public ModelFamily Family { get; }
        public ModelStatus Status { get; }
        public string Description { get; }

        /// <summary>Whether the service still serves it (retired models close with 1008).</summary>
        public bool IsServed => Status != ModelStatus.Retired;

        public bool SupportsAudioModality => Family != ModelFamily.Transcribe35;
        public bool SupportsTextModality => Family == ModelFamily.HalfCascade || Family == ModelFamily.Transcribe35;
        public bool SupportsLanguageCode => Family == ModelFamily.HalfCascade;
        public ThinkingSupport Thinking => Family switch
        {
            ModelFamily.NativeAudio25 => ThinkingSupport.Budget,
            ModelFamily.Live31 => ThinkingSupport.Level,
            ModelFamily.Live38 => Id.EndsWith("-extended-thinking") ? ThinkingSupport.Level : ThinkingSupport.Omit,
            _ => ThinkingSupport.None,
        };
        public bool SupportsNonBlockingTools => Family == ModelFamily.NativeAudio25 || Family == ModelFamily.Live38;
        public bool SupportsAffectiveDialog => Family == ModelFamily.NativeAudio25;
        /// <summary>2.5 takes <c>proactivity</c>; 3.8 is always proactive and rejects <c>proactiveAudio: false</c>.</summary>
        public bool SupportsProactivityConfig => Family == ModelFamily.NativeAudio25 || Family == ModelFamily.Live38;
        public bool AcceptsMediaChunks => Family == ModelFamily.HalfCascade || Family == ModelFamily.NativeAudio25;
        public bool SupportsCodeExecution => Family == ModelFamily.HalfCascade;
        public bool SupportsGoogleSearch => Family != ModelFamily.Transcribe35;
        /// <summary>On native-audio and later models, text parts are reasoning; the spoken words are in <c>outputTranscription</c>.</summary>
        public bool TextPartsAreAnswer => Family == ModelFamily.HalfCascade || Family == ModelFamily.Transcribe35;
        public ClientContentSupport ClientContent => Family switch
        {
            ModelFamily.NativeAudio25 => ClientContentSupport.SeedEndsWithUser,
            ModelFamily.Live31 => ClientContentSupport.InitialHistoryOnly,
            _ => ClientContentSupport.WholeSession,
        };
        /// <summary>Whether user text should go as <c>realtimeInput.text</c> (the preferred path on 3.x).</summary>
        public bool PrefersRealtimeText => Family == ModelFamily.Live31 || Family == ModelFamily.Live38;
        public string DefaultTurnCoverage => Family == ModelFamily.Live31 || Family == ModelFamily.Live38
            ? Protocol.TurnCoverage.AudioActivityAndAllVideo
            : Protocol.TurnCoverage.OnlyActivity;

        public IReadOnlyList<string> Voices => Family == ModelFamily.HalfCascade ? VoiceCatalog.HalfCascadeVoices : VoiceCatalog.NativeAudioVoices;

        /// <summary>The 1007 reason the service gives for <c>responseModalities: ["TEXT"]</c>, or null when TEXT is allowed.</summary>
        public string? TextModalityRejection => Family switch
        {
            ModelFamily.NativeAudio25 => "Cannot extract voices from a non-audio request.",
            ModelFamily.Live31 or ModelFamily.Live38 =>
                "The requested combination of response modalities (TEXT) is not supported by the model. models/" + Id,
            _ => null,
        };

        public override string ToString() => Id;
    }
}
