using System;
using System.Runtime.InteropServices;

namespace GeminiRealtime.Vision
{
    /// <summary>libX11 / libXrandr P/Invoke (LP64: XID and unsigned long are IntPtr). Layouts verified in notes/vision.md §2.</summary>
    internal static class X11Native
    {
        private const string X = "libX11.so.6";
        private const string Xrandr = "libXrandr.so.2";

        public const int ZPixmap = 2;
        public const int IsViewable = 2;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int XErrorHandler(IntPtr display, ref XErrorEvent error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int XIOErrorHandler(IntPtr display);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int DestroyImageFunc(IntPtr image);

        [DllImport(X)] public static extern int XInitThreads();
        [DllImport(X)] public static extern IntPtr XOpenDisplay(string? name);
        [DllImport(X)] public static extern int XCloseDisplay(IntPtr display);
        [DllImport(X)] public static extern int XDefaultScreen(IntPtr display);
        [DllImport(X)] public static extern IntPtr XRootWindow(IntPtr display, int screen);
        [DllImport(X)] public static extern int XDisplayWidth(IntPtr display, int screen);
        [DllImport(X)] public static extern int XDisplayHeight(IntPtr display, int screen);
        [DllImport(X)] public static extern IntPtr XGetImage(IntPtr display, IntPtr drawable, int x, int y, uint width, uint height, UIntPtr planeMask, int format);
        [DllImport(X)] public static extern IntPtr XSetErrorHandler(XErrorHandler handler);
        [DllImport(X)] public static extern IntPtr XSetIOErrorHandler(XIOErrorHandler handler);
        [DllImport(X)] public static extern int XSync(IntPtr display, bool discard);
        [DllImport(X)] public static extern int XFree(IntPtr data);
        [DllImport(X)] public static extern int XQueryTree(IntPtr display, IntPtr window, out IntPtr root, out IntPtr parent, out IntPtr children, out uint count);
        [DllImport(X)] public static extern IntPtr XInternAtom(IntPtr display, string name, bool onlyIfExists);
        [DllImport(X)]
        public static extern int XGetWindowProperty(IntPtr display, IntPtr window, IntPtr property, IntPtr offset, IntPtr length, bool delete,
            IntPtr requestedType, out IntPtr actualType, out int actualFormat, out IntPtr itemCount, out IntPtr bytesAfter, out IntPtr data);
        [DllImport(X)] public static extern int XGetWMName(IntPtr display, IntPtr window, out XTextProperty property);
        [DllImport(X)] public static extern int Xutf8TextPropertyToTextList(IntPtr display, ref XTextProperty property, out IntPtr list, out int count);
        [DllImport(X)] public static extern void XFreeStringList(IntPtr list);
        [DllImport(X)] public static extern int XGetWindowAttributes(IntPtr display, IntPtr window, out XWindowAttributes attributes);

        [DllImport(Xrandr)] public static extern IntPtr XRRGetMonitors(IntPtr display, IntPtr window, bool getActive, out int count);
        [DllImport(Xrandr)] public static extern void XRRFreeMonitors(IntPtr monitors);

        [StructLayout(LayoutKind.Sequential)]
        public struct XErrorEvent
        {
            public int Type;
            public IntPtr Display;
            public IntPtr ResourceId;
            public IntPtr Serial;
            public byte ErrorCode;
            public byte RequestCode;
            public byte MinorCode;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct XTextProperty
        {
            public IntPtr Value;
            public IntPtr Encoding;
            public int Format;
            public IntPtr Items;
        }

        /// <summary>The leading fields of <c>XImage</c> (136 bytes on LP64; <c>data</c> at 16).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct XImage
        {
            public int Width;
            public int Height;
            public int XOffset;
            public int Format;
            public IntPtr Data;
            public int ByteOrder;
            public int BitmapUnit;
            public int BitmapBitOrder;
            public int BitmapPad;
            public int Depth;
            public int BytesPerLine;
            public int BitsPerPixel;
            public IntPtr RedMask;
            public IntPtr GreenMask;
            public IntPtr BlueMask;
            public IntPtr ObData;
            public IntPtr CreateImage;
            public IntPtr DestroyImage;
            public IntPtr GetPixel;
            public IntPtr PutPixel;
            public IntPtr SubImage;
            public IntPtr AddPixel;
        }

        /// <summary><c>XWindowAttributes</c> (136 bytes on LP64; <c>map_state</c> at 92).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct XWindowAttributes
        {
            public int X;
            public int Y;
            public int Width;
            public int Height;
            public int BorderWidth;
            public int Depth;
            public IntPtr Visual;
            public IntPtr Root;
            public int Class;
            public int BitGravity;
            public int WinGravity;
            public int BackingStore;
            public IntPtr BackingPlanes;
            public IntPtr BackingPixel;
            public int SaveUnder;
            public IntPtr Colormap;
            public int MapInstalled;
            public int MapState;
            public IntPtr AllEventMasks;
            public IntPtr YourEventMask;
            public IntPtr DoNotPropagateMask;
            public int OverrideRedirect;
            public IntPtr Screen;
        }

        /// <summary><c>XRRMonitorInfo</c> (56 bytes on LP64).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct XRRMonitorInfo
        {
            public IntPtr Name;
            public int Primary;
            public int Automatic;
            public int OutputCount;
            public int X;
            public int Y;
            public int Width;
            public int Height;
            public int WidthMm;
            public int HeightMm;
            public IntPtr Outputs;
        }
    }
}
