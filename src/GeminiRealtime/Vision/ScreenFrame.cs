using System;

namespace GeminiRealtime.Vision
{
    /// <summary>
    /// One captured picture as tightly packed BGRA (4 bytes a pixel, alpha forced to 255, rows top-down). Capture
    /// backends reuse one buffer per size: a frame is valid until the next capture of the same backend.
    /// </summary>
    public sealed class ScreenFrame
    {
        public ScreenFrame(byte[] bgra, int width, int height)
        {
            if (bgra == null) throw new ArgumentNullException(nameof(bgra));
            if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "A frame needs a positive size.");
            if (bgra.Length < checked(width * height * 4)) throw new ArgumentException("The buffer is smaller than width × height × 4.", nameof(bgra));
            Bgra = bgra;
            Width = width;
            Height = height;
        }

        public byte[] Bgra { get; }

        public int Width { get; }

        public int Height { get; }

        public int Stride => Width * 4;

        /// <summary>Creates a frame filled with one colour (tests, benchmarks).</summary>
        public static ScreenFrame Solid(int width, int height, byte red, byte green, byte blue)
        {
            var pixels = new byte[width * height * 4];
            for (int i = 0; i < pixels.Length; i += 4)
            {
                pixels[i] = blue;
                pixels[i + 1] = green;
                pixels[i + 2] = red;
                pixels[i + 3] = 255;
            }
            return new ScreenFrame(pixels, width, height);
        }

        public override string ToString() => $"{Width}x{Height} BGRA";
    }
}
