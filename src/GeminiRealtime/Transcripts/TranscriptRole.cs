namespace GeminiRealtime.Transcripts
{
    /// <summary>Who an entry of a transcript comes from.</summary>
    public enum TranscriptRole
    {
        User,
        Model,
        Tool,
        /// <summary>The client itself: reconnects, stalls, seeds.</summary>
        System,
        /// <summary>The supervisor model or scriptblock (its guidance).</summary>
        Supervisor,
    }
}
