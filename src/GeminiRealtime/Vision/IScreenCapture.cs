using System;

namespace GeminiRealtime.Vision
{
    /// <summary>
    /// One capture backend bound to one target (screen, monitor, region or window). Not thread-safe: create it, use it
    /// and dispose of it on one thread (X11 wants its display connection on one thread). Frames share one buffer.
    /// </summary>
    public interface IScreenCapture : IDisposable
    {
        /// <summary>A short name of the backend and target, e.g. <c>X11 :99 root 1280x720</c>.</summary>
        string Description { get; }

        /// <summary>Grabs the target now.</summary>
        /// <exception cref="ScreenCaptureException">The grab failed (window gone, permission, child process error).</exception>
        ScreenFrame Capture();
    }
}
