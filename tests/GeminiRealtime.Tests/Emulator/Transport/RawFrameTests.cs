using System.Text;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Tests.Emulator.Transport;

/// <summary>Frames a real client never sends, written by hand over TCP.</summary>
public class RawFrameTests
{
    [Fact]
    public async Task Ping_is_answered_with_a_pong_carrying_the_same_payload()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        Task<WebSocketMessage> receive = server.ReceiveAsync(1024, h.Token);

        byte[] ping = Encoding.ASCII.GetBytes("are you there?");
        await raw.SendAsync(RawWebSocketClient.Frame(0x89, ping), h.Token);
        (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x8A, first);
        Assert.Equal(ping, payload);

        // An unsolicited pong is ignored; the next data frame is what the receive returns.
        await raw.SendAsync(RawWebSocketClient.Frame(0x8A, new byte[] { 9 }), h.Token);
        await raw.SendAsync(RawWebSocketClient.Frame(0x81, Encoding.UTF8.GetBytes("hi")), h.Token);
        using WebSocketMessage m = await receive.WaitAsync(h.Token);
        Assert.Equal(WebSocketMessageKind.Text, m.Kind);
        Assert.Equal("hi", Encoding.UTF8.GetString(m.Payload.Span));
    }

    [Fact]
    public async Task Ping_between_fragments_is_answered_and_the_message_still_joins()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        byte[] frames = RawWebSocketClient.Frame(0x01, Encoding.UTF8.GetBytes("ab"))
            .Concat(RawWebSocketClient.Frame(0x89, new byte[] { 7 }))
            .Concat(RawWebSocketClient.Frame(0x00, Encoding.UTF8.GetBytes("cd")))
            .Concat(RawWebSocketClient.Frame(0x80, Encoding.UTF8.GetBytes("e")))
            .ToArray();
        await raw.SendAsync(frames, h.Token);

        using WebSocketMessage m = await server.ReceiveAsync(1024, h.Token);
        Assert.Equal("abcde", Encoding.UTF8.GetString(m.Payload.Span));
        (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x8A, first);
        Assert.Equal(new byte[] { 7 }, payload);
    }

    [Fact]
    public async Task Server_ping_goes_out_unmasked()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        await server.SendPingAsync(new byte[] { 1, 2, 3 }, h.Token);
        (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x89, first);
        Assert.Equal(new byte[] { 1, 2, 3 }, payload);
    }

    public static TheoryData<string, byte[]> Violations => new()
    {
        { "unmasked", RawWebSocketClient.Frame(0x81, Encoding.UTF8.GetBytes("plain"), masked: false) },
        { "rsv1 (deflate not negotiated)", RawWebSocketClient.Frame(0xC1, Encoding.UTF8.GetBytes("x")) },
        { "rsv3", RawWebSocketClient.Frame(0x91, Encoding.UTF8.GetBytes("x")) },
        { "fragmented ping", RawWebSocketClient.Frame(0x09, new byte[] { 1 }) },
        { "ping over 125 bytes", RawWebSocketClient.Frame(0x89, new byte[126]) },
        { "continuation first", RawWebSocketClient.Frame(0x80, new byte[] { 1 }) },
        { "new message inside a message", RawWebSocketClient.Frame(0x01, new byte[] { 1 }).Concat(RawWebSocketClient.Frame(0x81, new byte[] { 2 })).ToArray() },
        { "opcode 3", RawWebSocketClient.Frame(0x83, new byte[] { 1 }) },
        { "opcode 11", RawWebSocketClient.Frame(0x8B, new byte[] { 1 }) },
        { "1-byte close", RawWebSocketClient.Frame(0x88, new byte[] { 3 }) },
        { "close code 1006", RawWebSocketClient.CloseFrame(1006) },
        { "close code 1015", RawWebSocketClient.CloseFrame(1015) },
        { "close code 2000", RawWebSocketClient.CloseFrame(2000) },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task Protocol_violation_closes_1002_and_throws(string name, byte[] frames)
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        server.CloseTimeout = TimeSpan.FromSeconds(5);
        await raw.SendAsync(frames, h.Token);

        var error = await Assert.ThrowsAsync<WebSocketProtocolException>(() => server.ReceiveAsync(1024, h.Token));
        Assert.True(error.CloseCode == WebSocketCloseCodes.ProtocolError, name);
        (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x88, first);
        Assert.Equal(1002, (payload[0] << 8) | payload[1]);
        Assert.True(payload.Length <= 125);

        // Our close reply lets the server finish at once and close TCP.
        Task dispose = server.DisposeAsync().AsTask();
        await raw.SendAsync(RawWebSocketClient.CloseFrame(1002), h.Token);
        await dispose.WaitAsync(TimeSpan.FromSeconds(3), h.Token);
        Assert.True(await raw.IsAtEndAsync(h.Token));
    }

    [Fact]
    public async Task After_a_1009_the_next_receive_skips_the_rejected_payload_and_returns_the_peer_close()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        byte[] frames = RawWebSocketClient.Frame(0x82, new byte[5000]).Concat(RawWebSocketClient.CloseFrame(1009)).ToArray();
        await raw.SendAsync(frames, h.Token);

        var error = await Assert.ThrowsAsync<WebSocketProtocolException>(() => server.ReceiveAsync(100, h.Token));
        Assert.Equal(WebSocketCloseCodes.MessageTooBig, error.CloseCode);
        using WebSocketMessage m = await server.ReceiveAsync(100, h.Token);
        Assert.Equal(WebSocketMessageKind.Close, m.Kind);
        Assert.Equal(1009, m.CloseCode);

        (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x88, first);
        Assert.Equal(1009, (payload[0] << 8) | payload[1]);
        Assert.True(await raw.IsAtEndAsync(h.Token)); // one close frame only, then TCP closed
    }

    [Fact]
    public async Task Close_reason_with_invalid_utf8_is_tolerated_and_the_code_echoed()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        await raw.SendAsync(RawWebSocketClient.Frame(0x88, new byte[] { 0x0F, 0xA0, 0xFF, (byte)'a' }), h.Token);

        using WebSocketMessage m = await server.ReceiveAsync(1024, h.Token);
        Assert.Equal(WebSocketMessageKind.Close, m.Kind);
        Assert.Equal(4000, m.CloseCode);
        Assert.Equal("\uFFFDa", m.CloseReason);

        (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x88, first);
        Assert.Equal(new byte[] { 0x0F, 0xA0 }, payload);
        Assert.True(await raw.IsAtEndAsync(h.Token));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x03, 0xED })] // a literal 1005, as .NET's ClientWebSocket sends for WebSocketCloseStatus.Empty
    public async Task Close_without_a_code_is_answered_with_an_empty_close(byte[] closePayload)
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        await raw.SendAsync(RawWebSocketClient.Frame(0x88, closePayload), h.Token);

        using WebSocketMessage m = await server.ReceiveAsync(1024, h.Token);
        Assert.Equal(WebSocketMessageKind.Close, m.Kind);
        Assert.Null(m.CloseCode);
        Assert.Null(m.CloseReason);
        (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x88, first);
        Assert.Empty(payload);
        Assert.True(await raw.IsAtEndAsync(h.Token));
    }

    [Fact]
    public async Task Frames_after_our_close_are_skipped_until_the_peer_close()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        server.CloseTimeout = TimeSpan.FromSeconds(5);
        Task close = server.CloseAsync(1001, "going away", h.Token);
        (byte first, _) = await raw.ReadFrameAsync(h.Token);
        Assert.Equal(0x88, first);

        byte[] late = RawWebSocketClient.Frame(0x82, new byte[70_000])
            .Concat(RawWebSocketClient.Frame(0x89, new byte[] { 1 }))
            .Concat(RawWebSocketClient.CloseFrame(1001, "ok"))
            .ToArray();
        await raw.SendAsync(late, h.Token);
        await close.WaitAsync(TimeSpan.FromSeconds(3), h.Token);

        Assert.Equal(1001, server.ReceivedCloseCode);
        Assert.Equal("ok", server.ReceivedCloseReason);
        Assert.True(await raw.IsAtEndAsync(h.Token)); // no pong after our close frame
    }

    [Fact]
    public async Task Long_frame_lengths_use_the_16_and_64_bit_forms()
    {
        await using var h = TransportHarness.Start();
        (RawWebSocketClient raw, ServerWebSocket server) = await h.ConnectRawAsync();
        foreach (int size in new[] { 125, 126, 65_535, 65_536 })
        {
            byte[] data = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
            await raw.SendAsync(RawWebSocketClient.Frame(0x82, data), h.Token);
            using WebSocketMessage m = await server.ReceiveAsync(1 << 20, h.Token);
            Assert.Equal(data, m.Payload.ToArray());

            await server.SendAsync(data, binary: true, h.Token);
            (byte first, byte[] payload) = await raw.ReadFrameAsync(h.Token);
            Assert.Equal(0x82, first);
            Assert.Equal(data, payload);
        }
    }
}
