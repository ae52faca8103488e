using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tests.Vision;

public class EmulatorFrameValidationTests
{
    private static Blob Video(byte[] data, string mimeType = "image/jpeg") => new Blob { MimeType = mimeType, Data = new Base64Data(data) };

    [Theory]
    [InlineData(255, 0, 0, "red")]
    [InlineData(0, 200, 0, "green")]
    [InlineData(0, 0, 255, "blue")]
    [InlineData(250, 250, 250, "white")]
    public void Jpeg_IsSeen_WithItsSizeAndDominantColour(byte r, byte g, byte b, string colour)
    {
        EmulatorVideoFrame frame = EmulatorVideoFrame.Inspect(Video(TestImages.Jpeg(640, 480, r, g, b)));
        Assert.Equal($"I see a 640x480 image, mostly {colour}.", frame.Describe());
        Assert.Equal("JPEG", frame.Format);
    }

    [Fact]
    public void Png_IsAccepted_AsImagePng()
    {
        EmulatorVideoFrame frame = EmulatorVideoFrame.Inspect(Video(TestImages.Png(300, 200, 255, 255, 0), "image/png"));
        Assert.Equal("I see a 300x200 image, mostly yellow.", frame.Describe());
    }

    [Fact]
    public void Undecodable_Closes1007()
    {
        var rejection = Assert.Throws<EmulatorRejection>(() => EmulatorVideoFrame.Inspect(Video(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3 })));
        Assert.Equal(1007, rejection.CloseCode);
        Assert.Equal("realtime_input.video.data: the image could not be decoded", rejection.Reason);
    }

    [Fact]
    public void MimeTypeThatLies_Closes1007()
    {
        var rejection = Assert.Throws<EmulatorRejection>(() => EmulatorVideoFrame.Inspect(Video(TestImages.Png(10, 10, 0, 0, 0), "image/jpeg")));
        Assert.Equal(1007, rejection.CloseCode);
        Assert.Contains("mime_type", rejection.Reason);
    }

    [Fact]
    public void TooLarge_Closes1007()
    {
        var rejection = Assert.Throws<EmulatorRejection>(() => EmulatorVideoFrame.Inspect(Video(TestImages.Png(EmulatorVideoFrame.MaxSide + 1, 8, 0, 0, 0), "image/png")));
        Assert.Contains("longest side", rejection.Reason);
    }

    [Theory]
    [InlineData("What do you see?", true)]
    [InlineData("describe the SCREEN", true)]
    [InlineData("hello there", false)]
    [InlineData("seed the whatnot", false)]   // whole words only
    public void VisionQuestions_AreRecognised(string text, bool expected)
    {
        Assert.Equal(expected, EmulatorVideoFrame.IsVisionQuestion(text));
    }

    [Fact]
    public void Rate_AdmitsTwoFramesPerRollingSecond_IgnoresTheRest()
    {
        var rate = new EmulatorVideoRate();
        Assert.True(rate.Admit(TimeSpan.FromMilliseconds(0)));
        Assert.True(rate.Admit(TimeSpan.FromMilliseconds(100)));
        Assert.False(rate.Admit(TimeSpan.FromMilliseconds(200)));
        Assert.False(rate.Admit(TimeSpan.FromMilliseconds(999)));
        Assert.True(rate.Admit(TimeSpan.FromMilliseconds(1000)));
        Assert.Equal(2, rate.Ignored);
    }
}
