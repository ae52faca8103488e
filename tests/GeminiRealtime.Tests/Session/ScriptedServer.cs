using System.Net;
using System.Text;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Tests.Session;

/// <summary>
/// A one-connection WebSocket server whose behaviour each test scripts, to put the client in situations the
/// emulator never creates on its own (fragmented frames, text frames, any close code, a dropped connection).
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebSocketListener _listener = WebSocketListener.Start(IPAddress.Loopback, 0);
    private readonly Func<UpgradeRequest, ServerWebSocket, CancellationToken, Task> _script;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));
    private readonly Task _run;

    public ScriptedServer(Func<UpgradeRequest, ServerWebSocket, CancellationToken, Task> script)
    {
        _script = script;
        _run = RunAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{_listener.Port}/");

    public UpgradeRequest? Request { get; private set; }

    public Task Completion => _run;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Reads the client's setup, answers setupComplete (binary, pretty, as the service does).</summary>
    public static async Task<string> AcceptSetupAsync(ServerWebSocket socket, CancellationToken ct)
    {
        using WebSocketMessage setup = await socket.ReceiveAsync(1 << 20, ct);
        string text = Encoding.UTF8.GetString(setup.Payload.Span);
        await socket.SendAsync(Utf8("{\n  \"setupComplete\": {}\n}\n"), binary: true, ct);
        return text;
    }

    private async Task RunAsync()
    {
        UpgradeRequest request = await _listener.AcceptAsync(_cts.Token);
        Request = request;
        await using ServerWebSocket socket = await request.AcceptWebSocketAsync(_cts.Token);
        await _script(request, socket, _cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // The script was still waiting when the test ended.
        }
        catch (WebSocketPeerGoneException)
        {
            // The client went away first.
        }
        await _listener.DisposeAsync();
        _cts.Dispose();
    }
}
