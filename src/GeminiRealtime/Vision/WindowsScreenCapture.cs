using System;
using System.Runtime.InteropServices;
using System.Text;

namespace GeminiRealtime.Vision
{
    /// <summary>
    /// Windows capture with GDI: <c>BitBlt</c> of the virtual desktop (or a region) into a 32-bpp top-down DIB section,
    /// per-monitor-DPI aware; one window with <c>PrintWindow(PW_RENDERFULLCONTENT)</c>. Written from the documentation
    /// (notes/vision.md §5) and compile-checked only: it has not run in this project's CI, which is Linux.
    /// </summary>
    public sealed class WindowsScreenCapture : IScreenCapture
    {
        private const int SmXVirtualScreen = 76, SmYVirtualScreen = 77, SmCxVirtualScreen = 78, SmCyVirtualScreen = 79;
        private const uint SrcCopy = 0x00CC0020;
        private const uint PwRenderFullContent = 2;
        private static readonly IntPtr PerMonitorAwareV2 = new IntPtr(-4);

        private readonly ScreenCaptureTarget _target;
        private readonly IntPtr _window;
        private byte[] _buffer = Array.Empty<byte>();
        private ScreenFrame? _frame;

        private WindowsScreenCapture(ScreenCaptureTarget target, IntPtr window)
        {
            _target = target;
            _window = window;
            Description = "GDI " + target;
        }

        public string Description { get; }

        public static WindowsScreenCapture Open(ScreenCaptureTarget target)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            if (target.Monitor is int monitor && monitor != 0)
                throw new ScreenCaptureException("On Windows only -Monitor 0 (the whole virtual desktop) is supported; use -Region for one monitor.");
            IntPtr window = IntPtr.Zero;
            if (target.WindowTitle != null)
            {
                window = FindWindow(target.WindowTitle);
                if (window == IntPtr.Zero) throw new ScreenCaptureException($"No visible window whose title contains '{target.WindowTitle}'.");
            }
            return new WindowsScreenCapture(target, window);
        }

        public ScreenFrame Capture()
        {
            IntPtr previous = IntPtr.Zero;
            try
            {
                previous = SetThreadDpiAwarenessContext(PerMonitorAwareV2);
            }
            catch (EntryPointNotFoundException)
            {
                // Before Windows 10 1607: capture unscaled as the process is.
            }
            try
            {
                return _window != IntPtr.Zero ? CaptureWindow() : CaptureScreen();
            }
            finally
            {
                if (previous != IntPtr.Zero) SetThreadDpiAwarenessContext(previous);
            }
        }

        public void Dispose()
        {
        }

        private ScreenFrame CaptureScreen()
        {
            int left = GetSystemMetrics(SmXVirtualScreen), top = GetSystemMetrics(SmYVirtualScreen);
            int width = GetSystemMetrics(SmCxVirtualScreen), height = GetSystemMetrics(SmCyVirtualScreen);
            var area = new CaptureRegion(left, top, width, height);
            if (_target.Region is CaptureRegion region)
            {
                CaptureRegion? clipped = new CaptureRegion(region.X - left, region.Y - top, region.Width, region.Height).ClipTo(width, height);
                if (clipped == null) throw new ScreenCaptureException($"The region {region} lies outside the desktop.");
                area = new CaptureRegion(clipped.Value.X + left, clipped.Value.Y + top, clipped.Value.Width, clipped.Value.Height);
            }
            return Blit(area.Width, area.Height, (memoryDc, screenDc) => BitBlt(memoryDc, 0, 0, area.Width, area.Height, screenDc, area.X, area.Y, SrcCopy));
        }

        private ScreenFrame CaptureWindow()
        {
            if (!IsWindow(_window)) throw new ScreenCaptureException($"The window '{_target.WindowTitle}' is gone.");
            if (IsIconic(_window)) throw new ScreenCaptureException($"The window '{_target.WindowTitle}' is minimised.");
            if (!GetWindowRect(_window, out Rect rect)) throw new ScreenCaptureException($"Cannot read the bounds of '{_target.WindowTitle}'.");
            int width = rect.Right - rect.Left, height = rect.Bottom - rect.Top;
            if (width <= 0 || height <= 0) throw new ScreenCaptureException($"The window '{_target.WindowTitle}' has no area.");
            return Blit(width, height, (memoryDc, _) => PrintWindow(_window, memoryDc, PwRenderFullContent));
        }

        private ScreenFrame Blit(int width, int height, Func<IntPtr, IntPtr, bool> draw)
        {
            IntPtr screenDc = GetDC(IntPtr.Zero);
            if (screenDc == IntPtr.Zero) throw new ScreenCaptureException("GetDC failed: is there an interactive desktop (not a service or a locked session)?");
            IntPtr memoryDc = IntPtr.Zero, bitmap = IntPtr.Zero, old = IntPtr.Zero;
            try
            {
                memoryDc = CreateCompatibleDC(screenDc);
                var header = new BitmapInfoHeader { Size = 40, Width = width, Height = -height, Planes = 1, BitCount = 32, Compression = 0 };
                bitmap = CreateDIBSection(screenDc, ref header, 0, out IntPtr bits, IntPtr.Zero, 0);
                if (memoryDc == IntPtr.Zero || bitmap == IntPtr.Zero) throw new ScreenCaptureException("Could not create a GDI bitmap for the capture.");
                old = SelectObject(memoryDc, bitmap);
                if (!draw(memoryDc, screenDc)) throw new ScreenCaptureException($"GDI capture failed (error {Marshal.GetLastWin32Error()}).");
                GdiFlush();
                int length = width * height * 4;
                if (_frame == null || _frame.Width != width || _frame.Height != height)
                {
                    _buffer = new byte[length];
                    _frame = new ScreenFrame(_buffer, width, height);
                }
                Marshal.Copy(bits, _buffer, 0, length);
                for (int i = 3; i < length; i += 4) _buffer[i] = 255;
                return _frame;
            }
            finally
            {
                if (old != IntPtr.Zero) SelectObject(memoryDc, old);
                if (bitmap != IntPtr.Zero) DeleteObject(bitmap);
                if (memoryDc != IntPtr.Zero) DeleteDC(memoryDc);
                ReleaseDC(IntPtr.Zero, screenDc);
            }
        }

        private static IntPtr FindWindow(string title)
        {
            IntPtr found = IntPtr.Zero;
            EnumWindows((hwnd, _) =>
            {
                if (!IsWindowVisible(hwnd) || IsIconic(hwnd)) return true;
                int length = GetWindowTextLengthW(hwnd);
                if (length == 0) return true;
                var text = new StringBuilder(length + 1);
                GetWindowTextW(hwnd, text, text.Capacity);
                if (text.ToString().IndexOf(title, StringComparison.OrdinalIgnoreCase) < 0) return true;
                found = hwnd;
                return false;
            }, IntPtr.Zero);
            return found;
        }

        private delegate bool EnumWindowsProc(IntPtr hwnd, IntPtr parameter);

        [StructLayout(LayoutKind.Sequential)]
        private struct Rect
        {
            public int Left, Top, Right, Bottom;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct BitmapInfoHeader
        {
            public int Size;
            public int Width;
            public int Height;
            public short Planes;
            public short BitCount;
            public int Compression;
            public int SizeImage;
            public int XPelsPerMeter;
            public int YPelsPerMeter;
            public int ClrUsed;
            public int ClrImportant;
        }

        [DllImport("user32.dll")] private static extern IntPtr SetThreadDpiAwarenessContext(IntPtr context);
        [DllImport("user32.dll")] private static extern int GetSystemMetrics(int index);
        [DllImport("user32.dll")] private static extern IntPtr GetDC(IntPtr hwnd);
        [DllImport("user32.dll")] private static extern int ReleaseDC(IntPtr hwnd, IntPtr dc);
        [DllImport("user32.dll")] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool EnumWindows(EnumWindowsProc callback, IntPtr parameter);
        [DllImport("user32.dll")] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool IsWindowVisible(IntPtr hwnd);
        [DllImport("user32.dll")] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool IsWindow(IntPtr hwnd);
        [DllImport("user32.dll")] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool IsIconic(IntPtr hwnd);
        [DllImport("user32.dll")] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool GetWindowRect(IntPtr hwnd, out Rect rect);
        [DllImport("user32.dll", CharSet = CharSet.Unicode)] private static extern int GetWindowTextW(IntPtr hwnd, StringBuilder text, int count);
        [DllImport("user32.dll")] private static extern int GetWindowTextLengthW(IntPtr hwnd);
        [DllImport("user32.dll", SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool PrintWindow(IntPtr hwnd, IntPtr dc, uint flags);
        [DllImport("gdi32.dll")] private static extern IntPtr CreateCompatibleDC(IntPtr dc);
        [DllImport("gdi32.dll")] private static extern IntPtr CreateDIBSection(IntPtr dc, ref BitmapInfoHeader header, uint usage, out IntPtr bits, IntPtr section, uint offset);
        [DllImport("gdi32.dll")] private static extern IntPtr SelectObject(IntPtr dc, IntPtr gdiObject);
        [DllImport("gdi32.dll", SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool BitBlt(IntPtr dest, int x, int y, int width, int height, IntPtr source, int sourceX, int sourceY, uint rop);
        [DllImport("gdi32.dll")] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool GdiFlush();
        [DllImport("gdi32.dll")] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool DeleteObject(IntPtr gdiObject);
        [DllImport("gdi32.dll")] [return: MarshalAs(UnmanagedType.Bool)] private static extern bool DeleteDC(IntPtr dc);
    }
}
