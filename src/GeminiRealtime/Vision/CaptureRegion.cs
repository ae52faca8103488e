using System;
using System.Globalization;

namespace GeminiRealtime.Vision
{
    /// <summary>A rectangle in screen pixels (origin top-left of the whole screen).</summary>
    public readonly struct CaptureRegion : IEquatable<CaptureRegion>
    {
        public CaptureRegion(int x, int y, int width, int height)
        {
            if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "A region needs a positive width and height.");
            X = x;
            Y = y;
            Width = width;
            Height = height;
        }

        public int X { get; }

        public int Y { get; }

        public int Width { get; }

        public int Height { get; }

        /// <summary>This region clipped to a <paramref name="width"/> × <paramref name="height"/> screen, or null when nothing is left.</summary>
        public CaptureRegion? ClipTo(int width, int height)
        {
            int x0 = Math.Max(0, X);
            int y0 = Math.Max(0, Y);
            int x1 = Math.Min(width, X + Width);
            int y1 = Math.Min(height, Y + Height);
            if (x1 <= x0 || y1 <= y0) return null;
            return new CaptureRegion(x0, y0, x1 - x0, y1 - y0);
        }

        /// <summary>Parses <c>x,y,width,height</c> (as <c>screencapture -R</c> takes it).</summary>
        public static CaptureRegion Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            string[] parts = text.Split(',');
            if (parts.Length != 4) throw new FormatException($"'{text}' is not a region: write x,y,width,height (e.g. 0,0,800,600).");
            var values = new int[4];
            for (int i = 0; i < 4; i++)
            {
                if (!int.TryParse(parts[i].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                    throw new FormatException($"'{text}' is not a region: write x,y,width,height (e.g. 0,0,800,600).");
            }
            return new CaptureRegion(values[0], values[1], values[2], values[3]);
        }

        public bool Equals(CaptureRegion other) => X == other.X && Y == other.Y && Width == other.Width && Height == other.Height;

        public override bool Equals(object? obj) => obj is CaptureRegion other && Equals(other);

        public override int GetHashCode() => ((X * 397 ^ Y) * 397 ^ Width) * 397 ^ Height;

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0},{1},{2},{3}", X, Y, Width, Height);
    }
}
