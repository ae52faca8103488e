using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GeminiRealtime.Tests.Vision;

/// <summary>Small images made in memory for the vision tests.</summary>
internal static class TestImages
{
    public static byte[] Png(int width, int height, byte r, byte g, byte b)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(r, g, b));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static byte[] Jpeg(int width, int height, byte r, byte g, byte b, int quality = 90)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(r, g, b));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = quality });
        return stream.ToArray();
    }

    /// <summary>Random noise: compresses badly, so it tests the byte budget.</summary>
    public static byte[] NoisePng(int width, int height, int seed)
    {
        var random = new Random(seed);
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static (int Width, int Height, string Format) Identify(byte[] data)
    {
        IImageInfo info = Image.Identify(data, out var format);
        return (info.Width, info.Height, format.Name);
    }
}
