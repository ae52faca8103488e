using GeminiRealtime.Vision;

namespace GeminiRealtime.Tests.Vision;

public class ImageEncoderTests
{
    [Theory]
    [InlineData(3000, 2000, 1024, 1024, 683)]
    [InlineData(2000, 3000, 1024, 683, 1024)]
    [InlineData(1920, 1080, 1024, 1024, 576)]
    [InlineData(640, 480, 1024, 640, 480)]   // never enlarged
    [InlineData(5000, 10, 768, 768, 2)]
    [InlineData(10000, 1, 768, 768, 1)]      // at least one pixel
    public void FitWithin_KeepsTheAspectRatio_AndNeverEnlarges(int width, int height, int max, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), ImageEncoder.FitWithin(width, height, max));
    }

    [Fact]
    public void Png_IsReencodedAsJpeg_AtItsOwnSize()
    {
        EncodedImage image = ImageEncoder.Encode(TestImages.Png(640, 480, 255, 0, 0));
        Assert.Equal("image/jpeg", image.MimeType);
        Assert.True(image.Reencoded);
        Assert.Equal((640, 480, "JPEG"), TestImages.Identify(image.Data));
        Assert.Equal((640, 480), (image.Width, image.Height));
    }

    [Fact]
    public void HugePng_IsScaledToTheDefaultLongSide()
    {
        EncodedImage image = ImageEncoder.Encode(TestImages.Png(4000, 3000, 0, 0, 255));
        Assert.Equal(ImageEncoderOptions.DefaultMaxSize, 1024);
        Assert.Equal((1024, 768, "JPEG"), TestImages.Identify(image.Data));
        Assert.Equal((4000, 3000), (image.SourceWidth, image.SourceHeight));
    }

    [Fact]
    public void MaxSize_IsHonoured()
    {
        EncodedImage image = ImageEncoder.Encode(TestImages.Png(1600, 900, 0, 255, 0), new ImageEncoderOptions { MaxSize = 800 });
        Assert.Equal((800, 450, "JPEG"), TestImages.Identify(image.Data));
    }

    [Fact]
    public void SmallJpeg_IsPassedThroughByteForByte()
    {
        byte[] jpeg = TestImages.Jpeg(320, 200, 10, 200, 30);
        EncodedImage image = ImageEncoder.Encode(jpeg);
        Assert.False(image.Reencoded);
        Assert.Same(jpeg, image.Data);
    }

    [Fact]
    public void LargeJpeg_IsScaled()
    {
        EncodedImage image = ImageEncoder.Encode(TestImages.Jpeg(2048, 1024, 10, 200, 30));
        Assert.True(image.Reencoded);
        Assert.Equal((1024, 512, "JPEG"), TestImages.Identify(image.Data));
    }

    [Fact]
    public void OverBudget_IsReencodedSmaller_UntilItFits()
    {
        byte[] noise = TestImages.NoisePng(1024, 1024, seed: 7);
        EncodedImage image = ImageEncoder.Encode(noise, new ImageEncoderOptions { ByteBudget = 60 * 1024 });
        Assert.True(image.Length <= 60 * 1024 || Math.Max(image.Width, image.Height) == 256, $"{image.Length} bytes at {image.Width}x{image.Height}");
        Assert.True(image.Width < 1024);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 })] // a PNG signature, then nothing
    public void Garbage_IsInvalidData(byte[] data)
    {
        Assert.Throws<InvalidDataException>(() => ImageEncoder.Encode(data));
    }

    [Fact]
    public void TruncatedJpeg_IsInvalidData()
    {
        byte[] jpeg = TestImages.Jpeg(64, 64, 1, 2, 3);
        Assert.Throws<InvalidDataException>(() => ImageEncoder.Encode(jpeg.Take(40).ToArray()));
    }

    [Fact]
    public void Frame_IsScaledAndEncoded_AlphaIgnored()
    {
        ScreenFrame frame = ScreenFrame.Solid(1920, 1080, 255, 0, 0);
        EncodedImage image = ImageEncoder.EncodeFrame(frame);
        Assert.Equal((1024, 576, "JPEG"), TestImages.Identify(image.Data));
        using var decoded = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(image.Data);
        var centre = decoded[512, 288];
        Assert.True(centre.R > 240 && centre.G < 16 && centre.B < 16, centre.ToString());
    }
}
