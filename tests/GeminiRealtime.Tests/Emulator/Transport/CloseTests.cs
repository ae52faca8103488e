using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Tests.Emulator.Transport;

public class CloseTests
{
    [Fact]
    public async Task Server_close_with_a_200_byte_reason_sends_at_most_123_bytes_of_valid_utf8()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        string reason = "a" + string.Concat(Enumerable.Repeat("€", 66)) + "b"; // 1 + 198 + 1 = 200 bytes; byte 123 is inside a '€'
        Assert.Equal(200, Encoding.UTF8.GetByteCount(reason));

        Task close = c.Server.CloseAsync(1011, reason, h.Token);
        var (last, _, _) = await c.Client.ReceiveWholeAsync(h.Token);

        Assert.Equal(WebSocketMessageType.Close, last.MessageType);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, last.CloseStatus);
        string received = last.CloseStatusDescription!;
        Assert.Equal(121, Encoding.UTF8.GetByteCount(received));
        Assert.StartsWith(received, reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', received);
        Assert.False(c.Server.IsOpen);

        await c.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", h.Token);
        await close.WaitAsync(TimeSpan.FromSeconds(3), h.Token);
        Assert.Equal(1000, c.Server.ReceivedCloseCode);
        Assert.Equal("bye", c.Server.ReceivedCloseReason);

        // The reply was read by CloseAsync; the receive loop still gets it, once.
        using (WebSocketMessage m = await c.Server.ReceiveAsync(1024, h.Token))
        {
            Assert.Equal(WebSocketMessageKind.Close, m.Kind);
            Assert.Equal(1000, m.CloseCode);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => c.Server.ReceiveAsync(1024, h.Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => c.Server.SendAsync(new byte[1], true, h.Token));
    }

    [Fact]
    public async Task Close_while_a_receive_is_pending_completes_through_the_receive_loop()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        Task<WebSocketMessage> receive = c.Server.ReceiveAsync(1024, h.Token);

        Task close = c.Server.CloseAsync(1008, "policy", h.Token);
        var (last, _, _) = await c.Client.ReceiveWholeAsync(h.Token);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, last.CloseStatus);
        Assert.Equal("policy", last.CloseStatusDescription);
        await c.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, h.Token);

        using WebSocketMessage m = await receive.WaitAsync(h.Token);
        Assert.Equal(WebSocketMessageKind.Close, m.Kind);
        Assert.Equal(1000, m.CloseCode);
        await close.WaitAsync(TimeSpan.FromSeconds(1), h.Token);
    }

    [Theory]
    [InlineData(WebSocketCloseStatus.NormalClosure, "bye", 1000)]
    [InlineData(WebSocketCloseStatus.Empty, null, null)]
    public async Task Client_close_is_returned_and_answered(WebSocketCloseStatus status, string? reason, int? expectedCode)
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        Task<WebSocketMessage> receive = c.Server.ReceiveAsync(1024, h.Token);

        await c.Client.CloseAsync(status, reason, h.Token);
        using WebSocketMessage m = await receive.WaitAsync(h.Token);

        Assert.Equal(WebSocketMessageKind.Close, m.Kind);
        Assert.Equal(expectedCode, m.CloseCode);
        Assert.Equal(expectedCode is null ? null : reason, m.CloseReason);
        Assert.Equal(WebSocketState.Closed, c.Client.State);
        // Our reply echoes the code, or is empty (see RawFrameTests); .NET reports an empty close as NormalClosure.
        Assert.Equal(WebSocketCloseStatus.NormalClosure, c.Client.CloseStatus);
        Assert.False(c.Server.IsOpen);
        Assert.Equal(expectedCode, c.Server.ReceivedCloseCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => c.Server.ReceiveAsync(1024, h.Token));
    }

    [Fact]
    public async Task Abort_drops_tcp_and_the_client_sees_an_abnormal_closure()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        Task<WebSocketReceiveResult> clientReceive = c.Client.ReceiveAsync(new byte[16], h.Token);

        c.Server.Abort();

        var error = await Assert.ThrowsAsync<WebSocketException>(() => clientReceive.WaitAsync(h.Token));
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        Assert.Equal(WebSocketState.Aborted, c.Client.State);
        Assert.False(c.Server.IsOpen);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => c.Server.ReceiveAsync(1024, h.Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => c.Server.SendAsync(new byte[1], true, h.Token));
        await c.Server.CloseAsync(1000, "no-op after abort", h.Token);
    }

    [Fact]
    public async Task Abort_during_a_pending_receive_ends_it_with_ObjectDisposedException()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        Task<WebSocketMessage> receive = c.Server.ReceiveAsync(1024, h.Token);
        await Task.Delay(50, h.Token);
        c.Server.Abort();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => receive.WaitAsync(h.Token));
    }

    [Fact]
    public async Task Close_without_a_reply_gives_up_after_the_timeout_and_closes_tcp()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        server.CloseTimeout = TimeSpan.FromMilliseconds(300);

        var watch = Stopwatch.StartNew();
        await server.CloseAsync(1000, "done", h.Token);
        watch.Stop();

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x88, first);
        Assert.Equal(new byte[] { 0x03, 0xE8 }.Concat(Encoding.UTF8.GetBytes("done")), payload);
        Assert.True(await raw.IsAtEndAsync(h.Token));
        Assert.Null(server.ReceivedCloseCode);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.ReceiveAsync(1024, h.Token));
    }

    [Fact]
    public async Task Tcp_end_without_close_frame_throws_peer_gone()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        Task<WebSocketMessage> receive = server.ReceiveAsync(1024, h.Token);

        await raw.SendAsync(RawWebSocketClient.Frame(0x82, new byte[100]).Take(20).ToArray(), h.Token); // half a frame
        await raw.DisposeAsync();

        await Assert.ThrowsAsync<WebSocketPeerGoneException>(() => receive.WaitAsync(h.Token));
        Assert.False(server.IsOpen);
        await Assert.ThrowsAsync<WebSocketPeerGoneException>(() => server.ReceiveAsync(1024, h.Token));
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(5000)]
    public async Task Close_codes_that_cannot_be_sent_are_refused(int code)
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => c.Server.CloseAsync(code, "x", h.Token));
        Assert.True(c.Server.IsOpen);
    }
}
