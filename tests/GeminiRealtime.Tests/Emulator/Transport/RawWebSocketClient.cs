using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace GeminiRealtime.Tests.Emulator.Transport;

/// <summary>A hand-written WebSocket client over TCP, for frames a real client never sends.</summary>
internal sealed class RawWebSocketClient : IAsyncDisposable
{
    /// <summary>The RFC 6455 §1.3 sample key; its accept value is <see cref="SampleAccept"/>.</summary>
    public const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";
    public const string SampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawWebSocketClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port, cancellationToken);
        return new RawWebSocketClient(tcp);
    }

    public static byte[] BuildHandshake(string target, string key, string version = "13", params string[] extraHeaders)
    {
        var text = new StringBuilder()
            .Append("GET ").Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: 127.0.0.1\r\n")
            .Append("Upgrade: websocket\r\n")
            .Append("Connection: Upgrade\r\n")
            .Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n")
            .Append("Sec-WebSocket-Version: ").Append(version).Append("\r\n");
        foreach (string header in extraHeaders)
        {
            text.Append(header).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }

    /// <summary>A client frame: first byte as given (FIN/RSV/opcode), optionally masked with a fixed key.</summary>
    public static byte[] Frame(byte firstByte, byte[] payload, bool masked = true)
    {
        byte[] key = { 0x37, 0xFA, 0x21, 0x3D };
        using var frame = new MemoryStream();
        frame.WriteByte(firstByte);
        byte maskBit = masked ? (byte)0x80 : (byte)0;
        if (payload.Length <= 125)
        {
            frame.WriteByte((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.WriteByte((byte)(maskBit | 126));
            frame.WriteByte((byte)(payload.Length >> 8));
            frame.WriteByte((byte)payload.Length);
        }
        else
        {
            frame.WriteByte((byte)(maskBit | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            frame.Write(length);
        }

        if (masked)
        {
            frame.Write(key);
        }

        for (int i = 0; i < payload.Length; i++)
        {
            frame.WriteByte(masked ? (byte)(payload[i] ^ key[i & 3]) : payload[i]);
        }

        return frame.ToArray();
    }

    public static byte[] CloseFrame(int code, string reason = "") =>
        Frame(0x88, new[] { (byte)(code >> 8), (byte)code }.Concat(Encoding.UTF8.GetBytes(reason)).ToArray());

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Reads up to and including the blank line of an HTTP response head.</summary>
    public async Task<string> ReadHttpHeadAsync(CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            await _stream.ReadExactlyAsync(one, cancellationToken);
            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString(head.ToArray());
    }

    /// <summary>Reads everything until the server closes the connection.</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        await _stream.CopyToAsync(all, cancellationToken);
        return all.ToArray();
    }

    /// <summary>Reads one server frame, which must be unmasked.</summary>
    public async Task<(byte FirstByte, byte[] Payload)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = new byte[2];
        await _stream.ReadExactlyAsync(header, cancellationToken);
        Assert.True((header[1] & 0x80) == 0, "Server frames must not be masked.");
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            var ext = new byte[2];
            await _stream.ReadExactlyAsync(ext, cancellationToken);
            length = BinaryPrimitives.ReadUInt16BigEndian(ext);
        }
        else if (length == 127)
        {
            var ext = new byte[8];
            await _stream.ReadExactlyAsync(ext, cancellationToken);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(ext);
        }

        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, cancellationToken);
        return (header[0], payload);
    }

    /// <summary>True when the server has closed TCP (EOF or reset) with nothing more to read.</summary>
    public async Task<bool> IsAtEndAsync(CancellationToken cancellationToken)
    {
        var one = new byte[1];
        try
        {
            return await _stream.ReadAsync(one, cancellationToken) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
