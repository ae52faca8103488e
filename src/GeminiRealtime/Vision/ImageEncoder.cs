using System;
using System.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace GeminiRealtime.Vision
{
    /// <summary>
    /// Turns image files and captured frames into JPEGs the Live API takes (protocol.md §4.3, §7): longest side at most
    /// <see cref="ImageEncoderOptions.MaxSize"/>, bicubic scaling, JPEG 4:2:0, within a byte budget. Uses ImageSharp
    /// 2.1.13 (managed, every OS). Thread-safe: no shared state.
    /// </summary>
    public static class ImageEncoder
    {
        public const string JpegMimeType = "image/jpeg";
        private const int FallbackQuality = 60;
        private const int SmallestSide = 256;

        /// <summary>Reads an image file (any format ImageSharp decodes: JPEG, PNG, BMP, GIF, TGA, TIFF, WebP, PBM) and encodes it.</summary>
        /// <exception cref="InvalidDataException">The file is not an image this encoder can read, or is corrupt.</exception>
        public static EncodedImage EncodeFile(string path, ImageEncoderOptions? options = null)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            return Encode(File.ReadAllBytes(path), options, Path.GetFileName(path));
        }

        /// <summary>Encodes image bytes. A JPEG that already fits the size and the budget is passed through unchanged.</summary>
        /// <param name="data">The encoded image.</param>
        /// <param name="options">Size, quality and byte budget; default <see cref="ImageEncoderOptions"/>.</param>
        /// <param name="name">Names the image in error messages.</param>
        /// <exception cref="InvalidDataException">The bytes are not an image this encoder can read, or are corrupt.</exception>
        public static EncodedImage Encode(byte[] data, ImageEncoderOptions? options = null, string? name = null)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            options ??= new ImageEncoderOptions();
            string what = name ?? $"The {data.Length}-byte image";
            if (data.Length == 0) throw new InvalidDataException($"{what} is empty.");

            IImageInfo? info;
            IImageFormat? format;
            try
            {
                info = Image.Identify(data, out format);
            }
            catch (Exception ex) when (ex is ImageFormatException || ex is NotSupportedException)
            {
                throw new InvalidDataException($"{what} is not a readable image: {ex.Message}", ex);
            }
            if (info == null || format == null)
                throw new InvalidDataException($"{what} is not in an image format this module reads (JPEG, PNG, BMP, GIF, TGA, TIFF, WebP, PBM).");
            if ((long)info.Width * info.Height > ImageEncoderOptions.MaxSourcePixels)
                throw new InvalidDataException($"{what} is {info.Width}x{info.Height}: more than {ImageEncoderOptions.MaxSourcePixels / 1_000_000} megapixels.");

            bool isJpeg = format is JpegFormat;
            if (isJpeg && Math.Max(info.Width, info.Height) <= options.MaxSize && (options.ByteBudget == 0 || data.Length <= options.ByteBudget))
            {
                // Decode once anyway: a JPEG whose header reads but whose data is corrupt must fail here, not at the service.
                try
                {
                    using Image<Rgb24> check = Image.Load<Rgb24>(data);
                }
                catch (Exception ex) when (ex is ImageFormatException || ex is NotSupportedException)
                {
                    throw new InvalidDataException($"{what} is a corrupt JPEG: {ex.Message}", ex);
                }
                return new EncodedImage(data, JpegMimeType, info.Width, info.Height, info.Width, info.Height, reencoded: false, quality: 0);
            }

            Image<Rgb24> image;
            try
            {
                image = Image.Load<Rgb24>(data);
            }
            catch (Exception ex) when (ex is ImageFormatException || ex is NotSupportedException)
            {
                throw new InvalidDataException($"{what} could not be decoded: {ex.Message}", ex);
            }
            using (image)
            {
                image.Mutate(x => x.AutoOrient());
                return EncodeScaled(image, options);
            }
        }

        /// <summary>Scales and encodes a captured BGRA frame.</summary>
        public static EncodedImage EncodeFrame(ScreenFrame frame, ImageEncoderOptions? options = null)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            options ??= new ImageEncoderOptions();
            var memory = new Memory<byte>(frame.Bgra, 0, frame.Width * frame.Height * 4);
            using Image<Bgra32> wrapped = Image.WrapMemory<Bgra32>(memory, frame.Width, frame.Height);
            return EncodeScaled(wrapped, options);
        }

        /// <summary>The size that fits <paramref name="maxSize"/> on the longest side, aspect ratio kept, never enlarged, at least 1×1.</summary>
        public static (int Width, int Height) FitWithin(int width, int height, int maxSize)
        {
            if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "The size must be positive.");
            int longest = Math.Max(width, height);
            if (longest <= maxSize) return (width, height);
            double scale = (double)maxSize / longest;
            int w = Math.Max(1, (int)Math.Round(width * scale));
            int h = Math.Max(1, (int)Math.Round(height * scale));
            return (Math.Min(w, maxSize), Math.Min(h, maxSize));
        }

        private static EncodedImage EncodeScaled<TPixel>(Image<TPixel> image, ImageEncoderOptions options)
            where TPixel : unmanaged, IPixel<TPixel>
        {
            int maxSize = options.MaxSize;
            int quality = options.Quality;
            while (true)
            {
                (int width, int height) = FitWithin(image.Width, image.Height, maxSize);
                byte[] jpeg = width == image.Width && height == image.Height
                    ? SaveJpeg(image, quality)
                    : ResizeAndSave(image, width, height, quality);
                bool fits = options.ByteBudget == 0 || jpeg.Length <= options.ByteBudget;
                if (fits || Math.Max(width, height) <= SmallestSide)
                    return new EncodedImage(jpeg, JpegMimeType, width, height, image.Width, image.Height, reencoded: true, quality);
                // Over budget (notes/vision.md §1): first a lower quality, then smaller.
                if (quality > FallbackQuality) quality = FallbackQuality;
                else maxSize = Math.Max(SmallestSide, Math.Max(width, height) * 3 / 4);
            }
        }

        private static byte[] ResizeAndSave<TPixel>(Image<TPixel> image, int width, int height, int quality)
            where TPixel : unmanaged, IPixel<TPixel>
        {
            using Image<TPixel> scaled = image.Clone(x => x.Resize(new ResizeOptions
            {
                Size = new Size(width, height),
                Sampler = KnownResamplers.Bicubic,
                Mode = ResizeMode.Stretch,
            }));
            return SaveJpeg(scaled, quality);
        }

        private static byte[] SaveJpeg<TPixel>(Image<TPixel> image, int quality)
            where TPixel : unmanaged, IPixel<TPixel>
        {
            using var stream = new MemoryStream();
            image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality, ColorType = JpegColorType.YCbCrRatio420 });
            return stream.ToArray();
        }
    }
}
