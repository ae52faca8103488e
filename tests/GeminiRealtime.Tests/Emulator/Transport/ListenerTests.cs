using System.Net;
using System.Text;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Tests.Emulator.Transport;

public class ListenerTests
{
    [Fact]
    public async Task Port_zero_picks_a_free_port()
    {
        await using WebSocketListener a = WebSocketListener.Start(IPAddress.Loopback, 0);
        await using WebSocketListener b = WebSocketListener.Start(IPAddress.Loopback, 0);
        Assert.NotEqual(0, a.Port);
        Assert.NotEqual(a.Port, b.Port);
    }

    [Fact]
    public async Task Accept_honours_cancellation_and_dispose()
    {
        await using var h = TransportHarness.Start();
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(h.Token))
        {
            cancel.CancelAfter(100);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Listener.AcceptAsync(cancel.Token));
        }

        Task<UpgradeRequest> pending = h.Listener.AcceptAsync(h.Token);
        await h.Listener.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(h.Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => h.Listener.AcceptAsync(h.Token));
        await h.Listener.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_closes_connections_not_handed_out()
    {
        await using var h = TransportHarness.Start();
        await using RawWebSocketClient queued = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);
        await queued.SendAsync(RawWebSocketClient.BuildHandshake("/ws", RawWebSocketClient.SampleKey), h.Token);
        await using RawWebSocketClient silent = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);

        await h.Listener.DisposeAsync().AsTask().WaitAsync(h.Token);

        Assert.True(await queued.IsAtEndAsync(h.Token));
        Assert.True(await silent.IsAtEndAsync(h.Token));
    }

    [Fact]
    public async Task Several_clients_are_accepted_independently_of_a_slow_one()
    {
        await using var h = TransportHarness.Start();
        await using RawWebSocketClient slow = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);
        await slow.SendAsync(Encoding.ASCII.GetBytes("GET /slow HTTP/1.1\r\n"), h.Token); // never finishes its head

        TransportHarness.Connection first = await h.ConnectAsync("/one");
        TransportHarness.Connection second = await h.ConnectAsync("/two");
        Assert.Equal("/one", first.Request.Path);
        Assert.Equal("/two", second.Request.Path);
    }
}
