namespace GeminiRealtime.Vision
{
    /// <summary>What to capture: the whole screen (default), one monitor, a region, or one window by title. At most one of them.</summary>
    public sealed class ScreenCaptureTarget
    {
        /// <summary>0-based monitor index; null = the whole screen (every monitor).</summary>
        public int? Monitor { get; set; }

        /// <summary>A rectangle of the screen.</summary>
        public CaptureRegion? Region { get; set; }

        /// <summary>A window whose title contains this text (case-insensitive); the first visible match wins.</summary>
        public string? WindowTitle { get; set; }

        public override string ToString() =>
            WindowTitle != null ? $"window '{WindowTitle}'"
            : Region != null ? $"region {Region}"
            : Monitor != null ? $"monitor {Monitor}"
            : "screen";
    }
}
