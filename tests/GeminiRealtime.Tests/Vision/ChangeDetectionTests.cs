using GeminiRealtime.Vision;

namespace GeminiRealtime.Tests.Vision;

public class ChangeDetectionTests
{
    [Fact]
    public void FirstFrame_CountsAsEveryTileChanged_ThenIdenticalFramesAsNone()
    {
        var detector = new TileChangeDetector(32);
        ScreenFrame frame = ScreenFrame.Solid(100, 70, 1, 2, 3);   // 4 × 3 tiles, the last ones partial
        Assert.Equal(12, detector.Compare(frame));
        Assert.Equal(0, detector.Compare(ScreenFrame.Solid(100, 70, 1, 2, 3)));
    }

    [Fact]
    public void OnePixel_ChangesOneTile_AndOnlyOnce()
    {
        var detector = new TileChangeDetector(32);
        ScreenFrame frame = ScreenFrame.Solid(1920, 1080, 0, 0, 0);
        detector.Compare(frame);
        frame.Bgra[(1079 * 1920 + 1919) * 4] = 255;   // bottom-right pixel, in a partial tile
        Assert.Equal(1, detector.Compare(frame));
        Assert.Equal(0, detector.Compare(frame));
    }

    [Fact]
    public void AnotherSize_CountsAsChanged()
    {
        var detector = new TileChangeDetector(32);
        detector.Compare(ScreenFrame.Solid(64, 64, 0, 0, 0));
        Assert.Equal(4, detector.Compare(ScreenFrame.Solid(64, 33, 0, 0, 0)));
    }

    [Fact]
    public void Policy_SendsFirstAndBigChanges_SkipsUnchanged_DelaysSmallChanges()
    {
        var policy = new FrameChangePolicy { SmallChangeInterval = TimeSpan.FromSeconds(5) };
        ScreenFrame frame = ScreenFrame.Solid(320, 320, 0, 0, 0);   // 10 × 10 tiles
        Assert.True(policy.ShouldSend(frame, TimeSpan.FromSeconds(0)));
        Assert.False(policy.ShouldSend(frame, TimeSpan.FromSeconds(1)));

        frame.Bgra[0] = 9;   // one tile: a caret
        Assert.False(policy.ShouldSend(frame, TimeSpan.FromSeconds(2)));
        Assert.False(policy.ShouldSend(frame, TimeSpan.FromSeconds(3)));
        Assert.True(policy.ShouldSend(frame, TimeSpan.FromSeconds(5)));   // owed, and 5 s since the last send
        Assert.False(policy.ShouldSend(frame, TimeSpan.FromSeconds(11))); // nothing owed any more

        for (int i = 0; i < frame.Bgra.Length; i += 4) frame.Bgra[i] = 200;   // every tile
        Assert.True(policy.ShouldSend(frame, TimeSpan.FromSeconds(12)));
        Assert.Equal(100, policy.LastChangedTiles);
    }
}
