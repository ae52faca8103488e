namespace GeminiRealtime.Models
{
    /// <summary>Generations of Live models whose rules differ (protocol.md §10.2).</summary>
    public enum ModelFamily
    {
        /// <summary>Half-cascade 2.0/2.5 (retired): TEXT allowed, text parts are the answer.</summary>
        HalfCascade,
        /// <summary>2.5 native audio (deprecated, still served).</summary>
        NativeAudio25,
        /// <summary>3.1 flash live preview (legacy).</summary>
        Live31,
        /// <summary>3.5 transcribe: speech in, TEXT out.</summary>
        Transcribe35,
        /// <summary>3.8 live (current).</summary>
        Live38,
    }

    public enum ModelStatus
    {
        Current,
        Legacy,
        Deprecated,
        Retired,
    }

    /// <summary>What a model accepts in <c>generationConfig.thinkingConfig</c>.</summary>
    public enum ThinkingSupport
    {
        None,
        Budget,
        Level,
        Omit,
    }

    /// <summary>How a model treats <c>clientContent</c> (protocol.md §4.2).</summary>
    public enum ClientContentSupport
    {
        /// <summary>Any time, explicit roles (3.8, half-cascade).</summary>
        WholeSession,
        /// <summary>Allowed, but a seed must end with a user turn and <c>turnComplete</c> needs a pending turn (2.5).</summary>
        SeedEndsWithUser,
        /// <summary>Only as initial history; later text goes through <c>realtimeInput.text</c> (3.1).</summary>
        InitialHistoryOnly,
    }
}
