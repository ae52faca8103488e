using GeminiRealtime.Session;

namespace GeminiRealtime.Tests.Session;

public class SendQueueTests
{
    private static OutgoingMessage Message(string kind) => new(new byte[] { 1 }, kind);

    [Fact]
    public async Task Control_messages_overtake_queued_media()
    {
        var queue = new SendQueue();
        for (int i = 0; i < 10; i++) await queue.EnqueueAsync(Message("audio" + i), SendPriority.Media, default);
        await queue.EnqueueAsync(Message("toolResponse"), SendPriority.Control, default);

        var first = await queue.DequeueAsync(default);
        var second = await queue.DequeueAsync(default);

        Assert.Equal("toolResponse", first!.Kind);
        Assert.Equal("audio0", second!.Kind);
    }

    [Fact]
    public async Task A_full_media_lane_applies_back_pressure_instead_of_growing()
    {
        var queue = new SendQueue(controlCapacity: 4, mediaCapacity: 2);
        await queue.EnqueueAsync(Message("a"), SendPriority.Media, default);
        await queue.EnqueueAsync(Message("b"), SendPriority.Media, default);

        ValueTask third = queue.EnqueueAsync(Message("c"), SendPriority.Media, default);
        Assert.False(third.IsCompleted);

        await queue.DequeueAsync(default);
        await third.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Completing_fails_what_is_still_queued_and_ends_the_reader()
    {
        var queue = new SendQueue();
        OutgoingMessage waiting = Message("audio");
        await queue.EnqueueAsync(waiting, SendPriority.Media, default);

        queue.Complete(new InvalidOperationException("closed"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting.Sent.Task);
        Assert.Null(await queue.DequeueAsync(default));
    }

    [Fact]
    public async Task A_waiting_reader_wakes_for_either_lane()
    {
        var queue = new SendQueue();
        ValueTask<OutgoingMessage?> pending = queue.DequeueAsync(default);
        Assert.False(pending.IsCompleted);
        await queue.EnqueueAsync(Message("video"), SendPriority.Media, default);
        Assert.Equal("video", (await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(5)))!.Kind);
    }
}
