using System;
using System.Text.RegularExpressions;
using GeminiRealtime.Protocol;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// What the emulator's "model" sees of one <c>realtimeInput.video</c> frame: its size and dominant colour. Frames
    /// are checked as the service would have to (protocol.md §4.3, §7) — strictly, where the service is UNCERTAIN:
    /// the data must decode completely as JPEG or PNG, match the declared MIME type, be at most
    /// <see cref="MaxBytes"/> and at most <see cref="MaxSide"/> pixels on its longest side; anything else closes the
    /// session with 1007 (emulator wording).
    /// </summary>
    internal sealed class EmulatorVideoFrame
    {
        /// <summary>Largest encoded frame accepted (emulator choice; ~151 KB of JSON is the largest known accepted message).</summary>
        public const int MaxBytes = 2 * 1024 * 1024;

        /// <summary>Longest side accepted (emulator choice; ~768×768 is recommended).</summary>
        public const int MaxSide = 4096;

        private const string Path = "realtime_input.video.data";

        private static readonly (string Name, byte R, byte G, byte B)[] Palette =
        {
            ("black", 0, 0, 0), ("white", 255, 255, 255), ("grey", 128, 128, 128),
            ("red", 255, 0, 0), ("green", 0, 255, 0), ("blue", 0, 0, 255),
            ("yellow", 255, 255, 0), ("cyan", 0, 255, 255), ("magenta", 255, 0, 255), ("orange", 255, 128, 0),
        };

        private static readonly Regex VisionWords = new Regex(@"\b(see|seeing|screen|image|picture|photo|look|looking|what)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private EmulatorVideoFrame(int width, int height, string format, string dominantColour, int byteCount)
        {
            Width = width;
            Height = height;
            Format = format;
            DominantColour = dominantColour;
            ByteCount = byteCount;
        }

        public int Width { get; }

        public int Height { get; }

        /// <summary><c>JPEG</c> or <c>PNG</c>.</summary>
        public string Format { get; }

        /// <summary>The palette colour most pixels are closest to (black, white, grey, red, green, blue, yellow, cyan, magenta, orange).</summary>
        public string DominantColour { get; }

        public int ByteCount { get; }

        /// <summary>The reply to a question about what the model sees.</summary>
        public string Describe() => $"I see a {Width}x{Height} image, mostly {DominantColour}.";

        /// <summary>Whether a user text asks about the picture: it contains see, screen, image, picture, photo, look or what (whole words).</summary>
        public static bool IsVisionQuestion(string text) => text != null && VisionWords.IsMatch(text);

        /// <summary>Decodes and checks a frame; throws <see cref="EmulatorRejection"/> (1007) where the service would refuse it.</summary>
        public static EmulatorVideoFrame Inspect(Blob video)
        {
            if (video == null) throw new ArgumentNullException(nameof(video));
            byte[] data = video.Data?.ToArray() ?? Array.Empty<byte>();
            if (data.Length > MaxBytes)
                throw ValidationRejections.AtPath(Path, $"the image is {data.Length} bytes; at most {MaxBytes} are accepted");

            Image<Rgb24> image;
            IImageFormat format;
            try
            {
                image = Image.Load<Rgb24>(data, out format);
            }
            catch (Exception ex) when (ex is ImageFormatException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw ValidationRejections.AtPath(Path, "the image could not be decoded");
            }
            using (image)
            {
                string expected = video.MimeType == "image/png" ? "PNG" : "JPEG";
                string actual = format is PngFormat ? "PNG" : format is JpegFormat ? "JPEG" : format.Name.ToUpperInvariant();
                if (!string.Equals(expected, actual, StringComparison.Ordinal))
                    throw ValidationRejections.AtPath(Path, $"the data is {actual}, but mime_type says \"{video.MimeType}\"");
                if (Math.Max(image.Width, image.Height) > MaxSide)
                    throw ValidationRejections.AtPath(Path, $"the image is {image.Width}x{image.Height}; at most {MaxSide} pixels on the longest side are accepted");
                return new EmulatorVideoFrame(image.Width, image.Height, actual, DominantColourOf(image), data.Length);
            }
        }

        private static string DominantColourOf(Image<Rgb24> image)
        {
            int longest = Math.Max(image.Width, image.Height);
            if (longest > 64)
            {
                image.Mutate(x => x.Resize(Math.Max(1, image.Width * 64 / longest), Math.Max(1, image.Height * 64 / longest), KnownResamplers.Box));
            }
            var counts = new int[Palette.Length];
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    Rgb24 pixel = image[x, y];
                    int best = 0;
                    int bestDistance = int.MaxValue;
                    for (int i = 0; i < Palette.Length; i++)
                    {
                        int dr = pixel.R - Palette[i].R, dg = pixel.G - Palette[i].G, db = pixel.B - Palette[i].B;
                        int distance = dr * dr + dg * dg + db * db;
                        if (distance < bestDistance)
                        {
                            bestDistance = distance;
                            best = i;
                        }
                    }
                    counts[best]++;
                }
            }
            int winner = 0;
            for (int i = 1; i < counts.Length; i++) if (counts[i] > counts[winner]) winner = i;
            return Palette[winner].Name;
        }
    }
}
