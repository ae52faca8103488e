using System.Net.WebSockets;
using System.Text;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Tests.Emulator.Transport;

public class MessagingTests
{
    [Fact]
    public async Task Text_and_binary_messages_echo_with_their_kind()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();

        byte[] text = Encoding.UTF8.GetBytes("héllo €😀");
        await c.Client.SendAsync(text, WebSocketMessageType.Text, true, h.Token);
        using (WebSocketMessage m = await c.Server.ReceiveAsync(1024, h.Token))
        {
            Assert.Equal(WebSocketMessageKind.Text, m.Kind);
            Assert.Equal(text, m.Payload.ToArray());
            await c.Server.SendAsync(m.Payload, binary: false, h.Token);
        }

        var (last, data, _) = await c.Client.ReceiveWholeAsync(h.Token);
        Assert.Equal(WebSocketMessageType.Text, last.MessageType);
        Assert.Equal(text, data);

        byte[] binary = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        await c.Client.SendAsync(binary, WebSocketMessageType.Binary, true, h.Token);
        using (WebSocketMessage m = await c.Server.ReceiveAsync(1024, h.Token))
        {
            Assert.Equal(WebSocketMessageKind.Binary, m.Kind);
            Assert.Equal(binary, m.Payload.ToArray());
            await c.Server.SendAsync(m.Payload, binary: true, h.Token);
        }

        (last, data, _) = await c.Client.ReceiveWholeAsync(h.Token);
        Assert.Equal(WebSocketMessageType.Binary, last.MessageType);
        Assert.Equal(binary, data);

        await c.Client.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, h.Token);
        using (WebSocketMessage m = await c.Server.ReceiveAsync(1024, h.Token))
        {
            Assert.Equal(WebSocketMessageKind.Text, m.Kind);
            Assert.Equal(0, m.Payload.Length);
        }
    }

    [Fact]
    public async Task A_300_KB_message_round_trips_whole_and_fragmented()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        byte[] big = new byte[300 * 1024];
        new Random(42).NextBytes(big);

        await c.Client.SendAsync(big, WebSocketMessageType.Binary, true, h.Token);
        using (WebSocketMessage m = await c.Server.ReceiveAsync(1 << 20, h.Token))
        {
            Assert.True(m.Payload.Span.SequenceEqual(big));
            await c.Server.SendAsync(m.Payload, binary: true, h.Token);
        }

        var (_, echoed, _) = await c.Client.ReceiveWholeAsync(h.Token);
        Assert.Equal(big, echoed);

        // Client-side fragments of uneven sizes: the server joins continuations (and grows its pooled buffer).
        int[] cuts = { 0, 10, 70_000, 200_000, big.Length };
        for (int i = 0; i + 1 < cuts.Length; i++)
        {
            await c.Client.SendAsync(big.AsMemory(cuts[i], cuts[i + 1] - cuts[i]), WebSocketMessageType.Binary, i + 2 == cuts.Length, h.Token);
        }

        using (WebSocketMessage m = await c.Server.ReceiveAsync(big.Length, h.Token))
        {
            Assert.True(m.Payload.Span.SequenceEqual(big));
        }
    }

    [Fact]
    public async Task Fragmented_server_message_splitting_multibyte_characters_reassembles_on_the_client()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        const string text = "aé€😀b"; // 1 + 2 + 3 + 4 + 1 bytes: every 2-byte cut after the first splits a character
        byte[] bytes = Encoding.UTF8.GetBytes(text);

        await c.Server.SendFragmentedAsync(bytes, binary: false, fragmentSize: 2, h.Token);
        var (last, data, parts) = await c.Client.ReceiveWholeAsync(h.Token);

        Assert.Equal(WebSocketMessageType.Text, last.MessageType);
        Assert.Equal(text, Encoding.UTF8.GetString(data));
        Assert.Equal((bytes.Length + 1) / 2, parts);
    }

    [Fact]
    public async Task Message_over_the_limit_closes_1009_and_throws()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        c.Server.CloseTimeout = TimeSpan.FromSeconds(5);

        await c.Client.SendAsync(new byte[2000], WebSocketMessageType.Binary, true, h.Token);
        var error = await Assert.ThrowsAsync<WebSocketProtocolException>(() => c.Server.ReceiveAsync(1000, h.Token));
        Assert.Equal(WebSocketCloseCodes.MessageTooBig, error.CloseCode);
        Assert.False(c.Server.IsOpen);

        var (last, _, _) = await c.Client.ReceiveWholeAsync(h.Token);
        Assert.Equal(WebSocketMessageType.Close, last.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, last.CloseStatus);

        // The client's reply ends the handshake promptly (the unread 2000 bytes are skipped, not misparsed).
        Task dispose = c.Server.DisposeAsync().AsTask();
        await c.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ok", h.Token);
        await dispose.WaitAsync(TimeSpan.FromSeconds(3), h.Token);
        Assert.Equal(1000, c.Server.ReceivedCloseCode);
    }

    [Fact]
    public async Task Concurrent_sends_do_not_interleave()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        const int count = 20;
        Task[] sends = Enumerable.Range(0, count)
            .Select(i => Task.Run(() => c.Server.SendAsync(Enumerable.Repeat((byte)i, 100_000 + i).ToArray(), binary: true, h.Token)))
            .ToArray();

        var seen = new HashSet<int>();
        for (int n = 0; n < count; n++)
        {
            var (_, data, _) = await c.Client.ReceiveWholeAsync(h.Token);
            int id = data[0];
            Assert.Equal(100_000 + id, data.Length);
            Assert.True(data.All(b => b == id), $"Message {id} has bytes of another message.");
            Assert.True(seen.Add(id));
        }

        await Task.WhenAll(sends).WaitAsync(h.Token);
    }

    [Fact]
    public async Task Server_ping_is_answered_by_the_client_and_its_pong_is_skipped()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        Task<WebSocketMessage> receive = c.Server.ReceiveAsync(1024, h.Token);
        Task clientReceive = c.Client.ReceiveAsync(new byte[16], h.Token); // lets the client process the ping

        await c.Server.SendPingAsync(new byte[] { 1, 2, 3 }, h.Token);
        await c.Client.SendAsync(Encoding.UTF8.GetBytes("after-ping"), WebSocketMessageType.Text, true, h.Token);

        using WebSocketMessage m = await receive.WaitAsync(h.Token);
        Assert.Equal("after-ping", Encoding.UTF8.GetString(m.Payload.Span));
        await Assert.ThrowsAsync<ArgumentException>(() => c.Server.SendPingAsync(new byte[126], h.Token));
        c.Client.Abort();
        await Assert.ThrowsAnyAsync<Exception>(() => clientReceive);
    }

    [Fact]
    public async Task Cancelling_a_receive_aborts_the_connection()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(h.Token);
        cancel.CancelAfter(100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.Server.ReceiveAsync(1024, cancel.Token));
        Assert.False(c.Server.IsOpen);
        await Assert.ThrowsAsync<WebSocketException>(() => c.Client.ReceiveAsync(new byte[16], h.Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => c.Server.SendAsync(new byte[1], true, h.Token));
    }

    [Fact]
    public async Task Disposed_message_returns_its_buffer_and_refuses_access()
    {
        await using var h = TransportHarness.Start();
        TransportHarness.Connection c = await h.ConnectAsync();
        await c.Client.SendAsync(new byte[10], WebSocketMessageType.Binary, true, h.Token);
        WebSocketMessage m = await c.Server.ReceiveAsync(1024, h.Token);
        m.Dispose();
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m.Payload);
    }
}
