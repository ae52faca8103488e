using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using static GeminiRealtime.Vision.X11Native;

namespace GeminiRealtime.Vision
{
    /// <summary>
    /// X11 capture with <c>XGetImage</c> on the root window (whole screen, a monitor, a region) or on one window found
    /// by title (<c>_NET_WM_NAME</c>, then <c>WM_NAME</c>). Installs a process-wide X error handler first: Xlib's default
    /// one ends the process on the first BadMatch (notes/vision.md §2). One display connection, used on one thread.
    /// </summary>
    public sealed class X11ScreenCapture : IScreenCapture
    {
        private static readonly object HandlerGate = new object();
        private static XErrorHandler? s_errorHandler;   // kept alive for the life of the process: Xlib holds the pointer

        [ThreadStatic]
        private static int t_lastErrorCode;

        private readonly ScreenCaptureTarget _target;
        private readonly string _displayName;
        private IntPtr _display;
        private IntPtr _root;
        private IntPtr _window;
        private byte[] _buffer = Array.Empty<byte>();
        private ScreenFrame? _frame;

        private X11ScreenCapture(IntPtr display, string displayName, ScreenCaptureTarget target)
        {
            _display = display;
            _displayName = displayName;
            _target = target;
            int screen = XDefaultScreen(display);
            _root = XRootWindow(display, screen);
            ScreenWidth = XDisplayWidth(display, screen);
            ScreenHeight = XDisplayHeight(display, screen);
        }

        public int ScreenWidth { get; }

        public int ScreenHeight { get; }

        public string Description { get; private set; } = "X11";

        /// <summary>Connects to <c>$DISPLAY</c> and resolves the target.</summary>
        /// <exception cref="ScreenCaptureException">No display, no libX11, or the target does not exist.</exception>
        public static X11ScreenCapture Open(ScreenCaptureTarget target)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            string? displayName = Environment.GetEnvironmentVariable("DISPLAY");
            if (string.IsNullOrEmpty(displayName))
                throw new ScreenCaptureException("No X display: set DISPLAY or run under Xvfb.") { Unavailable = true };
            IntPtr display;
            try
            {
                InstallErrorHandler();
                // By name: .NET does not pass $env: changes made in-process to the C library's environment.
                display = XOpenDisplay(displayName);
            }
            catch (DllNotFoundException ex)
            {
                throw new ScreenCaptureException("No X display: libX11.so.6 is not installed (apt-get install libx11-6).", ex) { Unavailable = true };
            }
            if (display == IntPtr.Zero)
                throw new ScreenCaptureException($"No X display: cannot open DISPLAY '{displayName}'. Set DISPLAY or run under Xvfb.") { Unavailable = true };
            var capture = new X11ScreenCapture(display, displayName!, target);
            try
            {
                capture.Resolve();
                return capture;
            }
            catch
            {
                capture.Dispose();
                throw;
            }
        }

        public ScreenFrame Capture()
        {
            if (_display == IntPtr.Zero) throw new ObjectDisposedException(nameof(X11ScreenCapture));
            IntPtr drawable;
            CaptureRegion area;
            if (_window != IntPtr.Zero)
            {
                t_lastErrorCode = 0;
                int ok = XGetWindowAttributes(_display, _window, out XWindowAttributes attributes);
                if (ok == 0 || t_lastErrorCode != 0)
                    throw new ScreenCaptureException($"The window '{_target.WindowTitle}' is gone.");
                if (attributes.MapState != IsViewable)
                    throw new ScreenCaptureException($"The window '{_target.WindowTitle}' is not visible (minimised or unmapped).");
                drawable = _window;
                area = new CaptureRegion(0, 0, attributes.Width, attributes.Height);
            }
            else
            {
                drawable = _root;
                area = ScreenArea();
            }
            return Grab(drawable, area);
        }

        public void Dispose()
        {
            if (_display == IntPtr.Zero) return;
            XCloseDisplay(_display);
            _display = IntPtr.Zero;
        }

        private void Resolve()
        {
            if (_target.WindowTitle != null)
            {
                _window = FindWindow(_target.WindowTitle);
                if (_window == IntPtr.Zero)
                    throw new ScreenCaptureException($"No visible window whose title contains '{_target.WindowTitle}' on X display {_displayName}.");
                Description = $"X11 {_displayName} window '{_target.WindowTitle}'";
                return;
            }
            CaptureRegion area = ScreenArea();
            Description = $"X11 {_displayName} {_target} {area.Width}x{area.Height}";
        }

        private CaptureRegion ScreenArea()
        {
            if (_target.Region is CaptureRegion region)
            {
                // A region past the screen's edge is BadMatch (notes/vision.md §2): clip first.
                return region.ClipTo(ScreenWidth, ScreenHeight)
                    ?? throw new ScreenCaptureException($"The region {region} lies outside the {ScreenWidth}x{ScreenHeight} screen.");
            }
            if (_target.Monitor is int monitor) return MonitorArea(monitor);
            return new CaptureRegion(0, 0, ScreenWidth, ScreenHeight);
        }

        private CaptureRegion MonitorArea(int index)
        {
            IntPtr monitors;
            int count;
            try
            {
                monitors = XRRGetMonitors(_display, _root, true, out count);
            }
            catch (DllNotFoundException ex)
            {
                if (index == 0) return new CaptureRegion(0, 0, ScreenWidth, ScreenHeight);
                throw new ScreenCaptureException("Monitors other than 0 need libXrandr.so.2 (apt-get install libxrandr2).", ex);
            }
            try
            {
                if (index < 0 || index >= count)
                    throw new ScreenCaptureException($"There is no monitor {index}: X display {_displayName} has {count} (numbered from 0).");
                var info = Marshal.PtrToStructure<XRRMonitorInfo>(monitors + index * Marshal.SizeOf<XRRMonitorInfo>());
                return new CaptureRegion(info.X, info.Y, info.Width, info.Height).ClipTo(ScreenWidth, ScreenHeight)
                    ?? throw new ScreenCaptureException($"Monitor {index} lies outside the screen.");
            }
            finally
            {
                if (monitors != IntPtr.Zero) XRRFreeMonitors(monitors);
            }
        }

        private ScreenFrame Grab(IntPtr drawable, CaptureRegion area)
        {
            t_lastErrorCode = 0;
            IntPtr imagePointer = XGetImage(_display, drawable, area.X, area.Y, (uint)area.Width, (uint)area.Height, new UIntPtr(ulong.MaxValue), ZPixmap);
            if (imagePointer == IntPtr.Zero)
                throw new ScreenCaptureException($"XGetImage failed for {Description} (X error {t_lastErrorCode}).");
            try
            {
                XImage image = Marshal.PtrToStructure<XImage>(imagePointer);
                if (image.BitsPerPixel != 32 || (image.Depth != 24 && image.Depth != 32))
                    throw new ScreenCaptureException($"X display {_displayName} has depth {image.Depth} at {image.BitsPerPixel} bits a pixel; only 24/32-bit displays are supported.");
                int width = image.Width;
                int height = image.Height;
                int rowBytes = width * 4;
                if (_frame == null || _frame.Width != width || _frame.Height != height)
                {
                    _buffer = new byte[rowBytes * height];
                    _frame = new ScreenFrame(_buffer, width, height);
                }
                for (int y = 0; y < height; y++)
                    Marshal.Copy(image.Data + y * image.BytesPerLine, _buffer, y * rowBytes, rowBytes);
                // The pad byte is not guaranteed to be 0xFF (notes/vision.md §2).
                for (int i = 3; i < _buffer.Length; i += 4) _buffer[i] = 255;
                return _frame;
            }
            finally
            {
                var destroy = Marshal.GetDelegateForFunctionPointer<DestroyImageFunc>(Marshal.PtrToStructure<XImage>(imagePointer).DestroyImage);
                destroy(imagePointer);
            }
        }

        private IntPtr FindWindow(string title)
        {
            IntPtr netWmName = XInternAtom(_display, "_NET_WM_NAME", false);
            IntPtr utf8String = XInternAtom(_display, "UTF8_STRING", false);
            var pending = new Stack<IntPtr>();
            pending.Push(_root);
            while (pending.Count > 0)
            {
                IntPtr window = pending.Pop();
                if (window != _root)
                {
                    string? name = ReadTitle(window, netWmName, utf8String);
                    if (name != null && name.IndexOf(title, StringComparison.OrdinalIgnoreCase) >= 0 && IsViewableWindow(window)) return window;
                }
                t_lastErrorCode = 0;
                if (XQueryTree(_display, window, out _, out _, out IntPtr children, out uint count) == 0 || children == IntPtr.Zero) continue;
                try
                {
                    // Pushed bottom-up, so the top-most child is looked at first.
                    for (int i = 0; i < count; i++) pending.Push(Marshal.ReadIntPtr(children, i * IntPtr.Size));
                }
                finally
                {
                    XFree(children);
                }
            }
            return IntPtr.Zero;
        }

        private bool IsViewableWindow(IntPtr window)
        {
            t_lastErrorCode = 0;
            return XGetWindowAttributes(_display, window, out XWindowAttributes attributes) != 0 && t_lastErrorCode == 0 && attributes.MapState == IsViewable;
        }

        private string? ReadTitle(IntPtr window, IntPtr netWmName, IntPtr utf8String)
        {
            t_lastErrorCode = 0;
            int status = XGetWindowProperty(_display, window, netWmName, IntPtr.Zero, new IntPtr(1024), false, utf8String,
                out _, out int format, out IntPtr items, out _, out IntPtr data);
            if (status == 0 && data != IntPtr.Zero)
            {
                try
                {
                    int length = (int)items.ToInt64();
                    if (format == 8 && length > 0)
                    {
                        var bytes = new byte[length];
                        Marshal.Copy(data, bytes, 0, length);
                        return Encoding.UTF8.GetString(bytes);
                    }
                }
                finally
                {
                    XFree(data);
                }
            }

            // WM_NAME may be STRING or COMPOUND_TEXT (xterm): let Xlib convert it.
            if (XGetWMName(_display, window, out XTextProperty property) == 0 || property.Value == IntPtr.Zero) return null;
            try
            {
                if (Xutf8TextPropertyToTextList(_display, ref property, out IntPtr list, out int count) >= 0 && list != IntPtr.Zero)
                {
                    try
                    {
                        if (count > 0) return PtrToUtf8(Marshal.ReadIntPtr(list));
                    }
                    finally
                    {
                        XFreeStringList(list);
                    }
                }
                return null;
            }
            finally
            {
                XFree(property.Value);
            }
        }

        private static string? PtrToUtf8(IntPtr text)
        {
            if (text == IntPtr.Zero) return null;
            int length = 0;
            while (Marshal.ReadByte(text, length) != 0) length++;
            var bytes = new byte[length];
            Marshal.Copy(text, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }

        private static void InstallErrorHandler()
        {
            lock (HandlerGate)
            {
                if (s_errorHandler != null) return;
                s_errorHandler = OnXError;
                XSetErrorHandler(s_errorHandler);
            }
        }

        // Runs on the thread that made the failing request, inside Xlib: record, never throw.
        private static int OnXError(IntPtr display, ref XErrorEvent error)
        {
            t_lastErrorCode = error.ErrorCode;
            return 0;
        }
    }
}
