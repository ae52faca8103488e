using System;
using System.Runtime.InteropServices;

namespace GeminiRealtime.Vision
{
    /// <summary>Chooses the capture backend for this machine (notes/vision.md): Windows GDI, macOS screencapture, Wayland grim, X11.</summary>
    public static class ScreenCapture
    {
        /// <summary>Opens a backend for <paramref name="target"/>. Call it on the thread that will capture.</summary>
        /// <exception cref="ScreenCaptureException">No backend works here; the message says what is missing.</exception>
        public static IScreenCapture Open(ScreenCaptureTarget target)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            int chosen = (target.Monitor != null ? 1 : 0) + (target.Region != null ? 1 : 0) + (target.WindowTitle != null ? 1 : 0);
            if (chosen > 1) throw new ArgumentException("Choose at most one of a monitor, a region and a window.", nameof(target));

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return WindowsScreenCapture.Open(target);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return ChildProcessScreenCapture.MacOS(target);
            // Under Wayland, X11 capture "works" through XWayland but shows only X11 clients: never use it there.
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"))
                || string.Equals(Environment.GetEnvironmentVariable("XDG_SESSION_TYPE"), "wayland", StringComparison.OrdinalIgnoreCase))
            {
                return ChildProcessScreenCapture.Grim(target);
            }
            return X11ScreenCapture.Open(target);
        }
    }
}
