using System.Net;
using System.Net.WebSockets;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Tests.Emulator.Transport;

/// <summary>A listener on 127.0.0.1:0, a 10 s budget for the whole test, and cleanup of everything opened.</summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    public static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> _asyncOwned = new();
    private readonly List<IDisposable> _owned = new();

    private TransportHarness(WebSocketListener listener)
    {
        Listener = listener;
        Cts = new CancellationTokenSource(TestBudget);
    }

    public WebSocketListener Listener { get; }

    public CancellationTokenSource Cts { get; }

    public CancellationToken Token => Cts.Token;

    public int Port => Listener.Port;

    public static TransportHarness Start(TimeSpan? headTimeout = null)
    {
        WebSocketListener listener = headTimeout is null
            ? WebSocketListener.Start(IPAddress.Loopback, 0)
            : WebSocketListener.Start(IPAddress.Loopback, 0, headTimeout.Value);
        return new TransportHarness(listener);
    }

    public Uri WsUri(string target) => new($"ws://127.0.0.1:{Port}{target}");

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public T OwnAsync<T>(T disposable)
        where T : IAsyncDisposable
    {
        _asyncOwned.Add(disposable);
        return disposable;
    }

    /// <summary>Connects a <see cref="ClientWebSocket"/> and accepts it on the server side.</summary>
    public async Task<Connection> ConnectAsync(string target = "/ws", Action<ClientWebSocketOptions>? configure = null)
    {
        var client = Own(new ClientWebSocket());
        configure?.Invoke(client.Options);
        Task connect = client.ConnectAsync(WsUri(target), Token);
        UpgradeRequest request = Own(await Listener.AcceptAsync(Token));
        ServerWebSocket server = OwnAsync(await request.AcceptWebSocketAsync(Token));
        await connect.WaitAsync(Token);
        return new Connection(client, server, request);
    }

    /// <summary>Opens a raw TCP client and completes the handshake by hand.</summary>
    public async Task<(RawWebSocketClient Raw, ServerWebSocket Server)> ConnectRawAsync(byte[]? sendWithHandshake = null)
    {
        RawWebSocketClient raw = OwnAsync(await RawWebSocketClient.ConnectAsync(Port, Token));
        byte[] handshake = RawWebSocketClient.BuildHandshake("/ws", RawWebSocketClient.SampleKey);
        await raw.SendAsync(sendWithHandshake is null ? handshake : handshake.Concat(sendWithHandshake).ToArray(), Token);
        UpgradeRequest request = Own(await Listener.AcceptAsync(Token));
        ServerWebSocket server = OwnAsync(await request.AcceptWebSocketAsync(Token));
        string head = await raw.ReadHttpHeadAsync(Token);
        Assert.StartsWith("HTTP/1.1 101 ", head, StringComparison.Ordinal);
        return (raw, server);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IDisposable d in _owned)
        {
            d.Dispose();
        }

        foreach (IAsyncDisposable d in _asyncOwned)
        {
            await d.DisposeAsync();
        }

        await Listener.DisposeAsync();
        Cts.Dispose();
    }

    internal sealed record Connection(ClientWebSocket Client, ServerWebSocket Server, UpgradeRequest Request);
}

internal static class ClientWebSocketExtensions
{
    /// <summary>Receives one whole message; returns its type, bytes and how many receive results (frames) it took.</summary>
    public static async Task<(WebSocketReceiveResult Last, byte[] Data, int Parts)> ReceiveWholeAsync(this ClientWebSocket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var data = new MemoryStream();
        int parts = 0;
        while (true)
        {
            WebSocketReceiveResult result = await client.ReceiveAsync(buffer, cancellationToken);
            parts++;
            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result, data.ToArray(), parts);
            }
        }
    }
}
