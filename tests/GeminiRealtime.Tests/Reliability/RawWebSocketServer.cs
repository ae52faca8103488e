using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace GeminiRealtime.Tests.Reliability;

/// <summary>
/// A one-connection WebSocket server that writes raw bytes after the handshake and the client's first frame, for
/// frames ServerWebSocket refuses to make (over-long close reasons, invalid UTF-8 reasons, bad codes, reserved opcodes).
/// </summary>
internal sealed class RawWebSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));
    private readonly Task _run;

    public RawWebSocketServer(byte[] afterSetup)
    {
        _listener.Start();
        _run = RunAsync(afterSetup);
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public static byte[] Frame(int opcode, byte[] payload, bool fin = true)
    {
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        if (payload.Length < 126) frame.Add((byte)payload.Length);
        else if (payload.Length <= ushort.MaxValue) frame.AddRange([126, (byte)(payload.Length >> 8), (byte)payload.Length]);
        else
        {
            frame.Add(127);
            for (int shift = 56; shift >= 0; shift -= 8) frame.Add((byte)((long)payload.Length >> shift));
        }
        frame.AddRange(payload);
        return frame.ToArray();
    }

    public static byte[] Close(int code, byte[] reason) => Frame(0x8, [(byte)(code >> 8), (byte)code, .. reason]);

    public static readonly byte[] SetupComplete = Frame(0x2, Encoding.UTF8.GetBytes("{\n  \"setupComplete\": {}\n}\n"));

    private async Task RunAsync(byte[] afterSetup)
    {
        using TcpClient client = await _listener.AcceptTcpClientAsync(_cts.Token);
        NetworkStream stream = client.GetStream();
        string head = await ReadHeadAsync(stream);
        string key = head.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
        string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), _cts.Token);
        await SkipFrameAsync(stream); // setup
        await stream.WriteAsync(SetupComplete, _cts.Token);
        await stream.WriteAsync(afterSetup, _cts.Token);
        // Drain whatever the client says until it hangs up (bounded by _cts).
        var sink = new byte[4096];
        while (await stream.ReadAsync(sink, _cts.Token) > 0) { }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _cts.Token) == 0) throw new IOException("The client left during the handshake.");
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray());
    }

    private async Task SkipFrameAsync(NetworkStream stream)
    {
        byte[] header = new byte[2];
        await stream.ReadExactlyAsync(header, _cts.Token);
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            byte[] ext = new byte[2];
            await stream.ReadExactlyAsync(ext, _cts.Token);
            length = (ext[0] << 8) | ext[1];
        }
        else if (length == 127)
        {
            byte[] ext = new byte[8];
            await stream.ReadExactlyAsync(ext, _cts.Token);
            length = 0;
            foreach (byte b in ext) length = (length << 8) | b;
        }
        byte[] rest = new byte[4 + length]; // mask + payload
        await stream.ReadExactlyAsync(rest, _cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        try
        {
            await _run;
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is IOException || ex is SocketException || ex is EndOfStreamException)
        {
            // The client went away, or the test ended first.
        }
        _listener.Stop();
        _listener.Dispose();
        _cts.Dispose();
    }
}
