namespace GeminiRealtime.Vision
{
    public enum ScreenShareState
    {
        /// <summary>Opening the backend and sending the first frame.</summary>
        Starting,
        /// <summary>Capturing every interval.</summary>
        Running,
        /// <summary>Stopped on request.</summary>
        Stopped,
        /// <summary>Ended by an error (see <see cref="ScreenShare.Error"/>): the session closed, the window went away, …</summary>
        Failed,
    }
}
