namespace GeminiRealtime.Session
{
    public enum GeminiSessionState
    {
        Connecting,
        Open,
        Closing,
        Closed,
    }
}
