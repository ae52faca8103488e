using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Emulator;

namespace GeminiRealtime.Tests.Emulator;

/// <summary>One frame the test client received: a whole message, or the server's close.</summary>
internal sealed record ReceivedFrame(WebSocketMessageType Type, byte[] Data, WebSocketCloseStatus? CloseStatus, string? CloseDescription)
{
    public bool IsClose => Type == WebSocketMessageType.Close;

    public string Text => Encoding.UTF8.GetString(Data);

    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    public override string ToString() => IsClose ? $"close {(int?)CloseStatus} {CloseDescription}" : $"{Type}: {Text}";
}

/// <summary>
/// A raw <see cref="ClientWebSocket"/> connected the way an official SDK connects (no project client involved).
/// Every wait is bounded by the test's token.
/// </summary>
internal sealed class EmulatorTestClient : IAsyncDisposable
{
    public const string TestKey = "test-key_0123456789";

    private readonly ClientWebSocket _socket;
    private readonly CancellationToken _token;

    private EmulatorTestClient(ClientWebSocket socket, CancellationToken token)
    {
        _socket = socket;
        _token = token;
    }

    public ClientWebSocket Socket => _socket;

    public static string Path(string version, bool constrained = false, bool doubleSlash = false) =>
        (doubleSlash ? "//" : "/") + $"ws/google.ai.generativelanguage.{version}.GenerativeService.BidiGenerateContent" + (constrained ? "Constrained" : "");

    /// <summary>
    /// Like @google/genai 3.x (protocol.md §12.13): v1, a double slash, <c>?key=</c> not URL-encoded,
    /// <c>Content-Type: application/json</c> and a permessage-deflate offer.
    /// </summary>
    public static Task<EmulatorTestClient> ConnectJsAsync(GeminiEmulator emulator, CancellationToken token, string? key = TestKey, string version = "v1")
    {
        string target = Path(version, doubleSlash: true) + (key == null ? "" : "?key=" + key);
        return ConnectAsync(new Uri($"ws://127.0.0.1:{emulator.Port}{target}"), token, options =>
        {
            options.SetRequestHeader("Content-Type", "application/json");
            options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        });
    }

    /// <summary>Like the Python and C# SDKs: v1beta, the key in <c>x-goog-api-key</c>.</summary>
    public static Task<EmulatorTestClient> ConnectHeaderAsync(GeminiEmulator emulator, CancellationToken token, string? key = TestKey, string version = "v1beta", bool doubleSlash = false)
    {
        return ConnectAsync(new Uri($"ws://127.0.0.1:{emulator.Port}{Path(version, doubleSlash: doubleSlash)}"), token, options =>
        {
            if (key != null) options.SetRequestHeader("x-goog-api-key", key);
        });
    }

    public static async Task<EmulatorTestClient> ConnectAsync(Uri uri, CancellationToken token, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        try
        {
            await socket.ConnectAsync(uri, token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new EmulatorTestClient(socket, token);
    }

    public Task SendAsync(string json, bool binary = false) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, _token);

    public Task SendSetupAsync(string setupBody) => SendAsync("{\"setup\":" + setupBody + "}");

    public Task SendRealtimeTextAsync(string text) => SendAsync("{\"realtimeInput\":{\"text\":" + JsonSerializer.Serialize(text) + "}}");

    public Task SendClientContentAsync(string text) =>
        SendAsync("{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":" + JsonSerializer.Serialize(text) + "}]}],\"turnComplete\":true}}");

    /// <summary>The next whole message or close.</summary>
    public async Task<ReceivedFrame> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var data = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result = await _socket.ReceiveAsync(buffer, _token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ReceivedFrame(WebSocketMessageType.Close, Array.Empty<byte>(), result.CloseStatus, result.CloseStatusDescription);
            }
            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return new ReceivedFrame(result.MessageType, data.ToArray(), null, null);
        }
    }

    /// <summary>The next message, which must be a binary data frame (the service's framing).</summary>
    public async Task<JsonElement> ReceiveJsonAsync()
    {
        ReceivedFrame frame = await ReceiveAsync();
        Assert.False(frame.IsClose, "Expected a message but the server closed: " + frame);
        Assert.Equal(WebSocketMessageType.Binary, frame.Type);
        return frame.Json;
    }

    /// <summary>Reads messages until a close arrives; returns the messages before it and the close.</summary>
    public async Task<(List<ReceivedFrame> Before, ReceivedFrame Close)> ReceiveUntilCloseAsync()
    {
        var before = new List<ReceivedFrame>();
        while (true)
        {
            ReceivedFrame frame = await ReceiveAsync();
            if (frame.IsClose) return (before, frame);
            before.Add(frame);
        }
    }

    /// <summary>Reads messages up to and including the next <c>turnComplete</c>.</summary>
    public async Task<List<JsonElement>> ReceiveTurnAsync()
    {
        var messages = new List<JsonElement>();
        while (true)
        {
            JsonElement message = await ReceiveJsonAsync();
            messages.Add(message);
            if (message.TryGetProperty("serverContent", out JsonElement content) && content.TryGetProperty("turnComplete", out _)) return messages;
        }
    }

    /// <summary>Closes the way the JS SDK does: a close frame without a code (1005).</summary>
    public Task CloseWithoutCodeAsync() => _socket.CloseAsync(WebSocketCloseStatus.Empty, null, _token);

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
