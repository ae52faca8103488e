using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Tests.Emulator.Transport;

public class HandshakeTests
{
    private const string GeminiPath = "//ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent";

    [Fact]
    public async Task ClientWebSocket_with_double_slash_path_unencoded_key_and_deflate_offer_connects_and_works()
    {
        await using var h = TransportHarness.Start();
        string target = GeminiPath + "?key=AIza+b/c=d:e@f&alt=x%2By";
        TransportHarness.Connection c = await h.ConnectAsync(target, o =>
        {
            o.DangerousDeflateOptions = new WebSocketDeflateOptions();
            o.CollectHttpResponseDetails = true;
            o.SetRequestHeader("x-goog-api-key", "header-key");
        });

        UpgradeRequest r = c.Request;
        Assert.True(r.IsWebSocketUpgrade);
        Assert.Equal("GET", r.Method);
        Assert.Equal(target, r.RawTarget);
        Assert.Equal(GeminiPath, r.Path);
        Assert.Equal("AIza+b/c=d:e@f", r.Query["key"]);
        Assert.Equal("x+y", r.Query["alt"]);
        Assert.False(r.Query.ContainsKey("Key"));
        Assert.Equal("header-key", r.Headers["X-Goog-Api-Key"]);
        Assert.Contains("permessage-deflate", r.Headers["sec-websocket-extensions"], StringComparison.Ordinal);
        Assert.Equal(IPAddress.Loopback, r.RemoteEndPoint.Address);

        // Declined: no extension in the 101, and the client still talks uncompressed (RSV1 would be a 1002 here).
        Assert.Equal(HttpStatusCode.SwitchingProtocols, c.Client.HttpStatusCode);
        Assert.False(c.Client.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Extensions"));
        byte[] text = Encoding.UTF8.GetBytes(new string('a', 2000));
        await c.Client.SendAsync(text, WebSocketMessageType.Text, true, h.Token);
        using WebSocketMessage message = await c.Server.ReceiveAsync(1 << 20, h.Token);
        Assert.Equal(WebSocketMessageKind.Text, message.Kind);
        Assert.Equal(text, message.Payload.ToArray());
    }

    [Fact]
    public async Task Raw_handshake_gets_rfc_accept_key_and_keeps_percent_escapes_raw()
    {
        await using var h = TransportHarness.Start();
        await using RawWebSocketClient raw = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);
        string target = GeminiPath + "?key=a+b%2Bc%zz%4&&empty=&flag&key=second&n=%C3%A9";
        await raw.SendAsync(RawWebSocketClient.BuildHandshake(target, RawWebSocketClient.SampleKey, "13", "Sec-WebSocket-Protocol: chat"), h.Token);
        using UpgradeRequest request = await h.Listener.AcceptAsync(h.Token);

        Assert.Equal(target, request.RawTarget);
        Assert.Equal(GeminiPath, request.Path);
        Assert.Equal("a+b+c%zz%4", request.Query["key"]);
        Assert.Equal(string.Empty, request.Query["empty"]);
        Assert.Equal(string.Empty, request.Query["flag"]);
        Assert.Equal("é", request.Query["n"]);
        await using ServerWebSocket server = await request.AcceptWebSocketAsync(h.Token);

        string head = await raw.ReadHttpHeadAsync(h.Token);
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nSec-WebSocket-Accept: " + RawWebSocketClient.SampleAccept + "\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nUpgrade: websocket\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Sec-WebSocket-Protocol", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sec-WebSocket-Extensions", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Accept_key_matches_rfc_6455_example()
    {
        Assert.Equal(RawWebSocketClient.SampleAccept, WebSocketHandshake.ComputeAcceptKey(RawWebSocketClient.SampleKey));
        Assert.True(WebSocketHandshake.IsValidClientKey(RawWebSocketClient.SampleKey));
        Assert.False(WebSocketHandshake.IsValidClientKey("c2hvcnQ="));
        Assert.False(WebSocketHandshake.IsValidClientKey(null));
    }

    [Fact]
    public async Task Bytes_sent_right_after_the_request_head_reach_the_websocket()
    {
        await using var h = TransportHarness.Start();
        byte[] frame = RawWebSocketClient.Frame(0x81, Encoding.UTF8.GetBytes("early"));
        (RawWebSocketClient _, ServerWebSocket server) = await h.ConnectRawAsync(sendWithHandshake: frame);
        using WebSocketMessage message = await server.ReceiveAsync(1024, h.Token);
        Assert.Equal("early", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public async Task Non_upgrade_get_is_rejected_with_the_given_status_type_and_body()
    {
        await using var h = TransportHarness.Start();
        using var http = new HttpClient();
        Task<HttpResponseMessage> get = http.GetAsync($"http://127.0.0.1:{h.Port}/v1beta/models?key=k", h.Token);
        using UpgradeRequest request = await h.Listener.AcceptAsync(h.Token);
        Assert.False(request.IsWebSocketUpgrade);
        Assert.Equal("/v1beta/models", request.Path);
        await Assert.ThrowsAsync<InvalidOperationException>(() => request.AcceptWebSocketAsync(h.Token));

        const string body = "{\n  \"error\": {\n    \"code\": 404,\n    \"status\": \"NOT_FOUND\"\n  }\n}\n";
        await request.RejectAsync(404, "Not Found", "application/json; charset=UTF-8", body, h.Token);
        using HttpResponseMessage response = await get.WaitAsync(h.Token);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" }, response.Content.Headers.ContentType);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(h.Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => request.RejectAsync(500, "Again", "text/plain", "x", h.Token));
    }

    [Fact]
    public async Task ClientWebSocket_sees_the_rejection_status()
    {
        await using var h = TransportHarness.Start();
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        Task connect = client.ConnectAsync(h.WsUri("/wrong"), h.Token);
        using UpgradeRequest request = await h.Listener.AcceptAsync(h.Token);
        Assert.True(request.IsWebSocketUpgrade);
        await request.RejectAsync(403, "Forbidden", "text/plain", "no", h.Token);
        await Assert.ThrowsAsync<WebSocketException>(() => connect.WaitAsync(h.Token));
        Assert.Equal(HttpStatusCode.Forbidden, client.HttpStatusCode);
    }

    [Theory]
    [InlineData("12", "websocket", "Upgrade")]
    [InlineData("13", "h2c", "Upgrade")]
    [InlineData("13", "websocket", "keep-alive")]
    public async Task Incomplete_upgrade_headers_are_not_an_upgrade(string version, string upgrade, string connection)
    {
        await using var h = TransportHarness.Start();
        await using RawWebSocketClient raw = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);
        string text = $"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: {upgrade}\r\nConnection: {connection}\r\n"
            + $"Sec-WebSocket-Key: {RawWebSocketClient.SampleKey}\r\nSec-WebSocket-Version: {version}\r\n\r\n";
        await raw.SendAsync(Encoding.ASCII.GetBytes(text), h.Token);
        using UpgradeRequest request = await h.Listener.AcceptAsync(h.Token);
        Assert.False(request.IsWebSocketUpgrade);
    }

    [Fact]
    public async Task Connection_header_token_list_and_bare_lf_line_ends_are_accepted()
    {
        await using var h = TransportHarness.Start();
        await using RawWebSocketClient raw = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);
        string text = $"GET /ws HTTP/1.1\nHost: x\nUpgrade: WebSocket\nConnection: keep-alive, Upgrade\n"
            + $"Sec-WebSocket-Key: {RawWebSocketClient.SampleKey}\nSec-WebSocket-Version: 13\n\n";
        await raw.SendAsync(Encoding.ASCII.GetBytes(text), h.Token);
        using UpgradeRequest request = await h.Listener.AcceptAsync(h.Token);
        Assert.True(request.IsWebSocketUpgrade);
    }

    [Fact]
    public async Task Oversized_request_head_gets_431_and_never_reaches_accept()
    {
        await using var h = TransportHarness.Start();
        await using RawWebSocketClient raw = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);
        string text = "GET /ws HTTP/1.1\r\nX-Big: " + new string('a', 17 * 1024) + "\r\n\r\n";
        Task send = raw.SendAsync(Encoding.ASCII.GetBytes(text), h.Token);
        string response = Encoding.ASCII.GetString(await raw.ReadToEndAsync(h.Token));
        await send;
        Assert.StartsWith("HTTP/1.1 431 ", response, StringComparison.Ordinal);

        using var probe = CancellationTokenSource.CreateLinkedTokenSource(h.Token);
        probe.CancelAfter(200);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Listener.AcceptAsync(probe.Token));
        Assert.Equal(1, h.Listener.DroppedConnections);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", "400")]
    [InlineData("GET /ws HTTP/1.1\r\nHost : x\r\n\r\n", "400")]
    [InlineData("GET /ws HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n", "400")]
    [InlineData("GET /ws HTTP/2.0\r\n\r\n", "505")]
    public async Task Malformed_request_head_gets_an_error_status(string request, string status)
    {
        await using var h = TransportHarness.Start();
        await using RawWebSocketClient raw = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);
        await raw.SendAsync(Encoding.ASCII.GetBytes(request), h.Token);
        string response = Encoding.ASCII.GetString(await raw.ReadToEndAsync(h.Token));
        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silent_connection_is_dropped_after_the_head_timeout()
    {
        await using var h = TransportHarness.Start(TimeSpan.FromMilliseconds(200));
        await using RawWebSocketClient raw = await RawWebSocketClient.ConnectAsync(h.Port, h.Token);
        Assert.True(await raw.IsAtEndAsync(h.Token));
    }
}
