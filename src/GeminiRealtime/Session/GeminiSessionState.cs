namespace GeminiRealtime.Session
{
    public enum GeminiSessionState
    {
        Connecting,
        Open,
        Closing,
        /// <summary>A conversation between connections (reconnecting or resuming).</summary>
        Reconnecting,
        Closed,
    }
}
