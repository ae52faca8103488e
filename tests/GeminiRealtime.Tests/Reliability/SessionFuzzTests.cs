using System.Text;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Tests.Session;

namespace GeminiRealtime.Tests.Reliability;

/// <summary>
/// GeminiSession's receive path over a real socket: malformed frames of every kind (binary and text, whole and
/// fragmented, UTF-8 split across fragments, huge) never crash or hang it; the session goes on and a valid frame after
/// them still arrives. Frames it cannot survive (bad close frames, invalid UTF-8 in a text frame, a frame over the
/// limit) close it cleanly: a GeminiSessionException with a code, State Closed, within a bound.
/// </summary>
public class SessionFuzzTests
{
    private const string Sentinel = "{\n  \"serverContent\": {\n    \"turnCompleteReason\": \"FUZZ_SENTINEL\"\n  }\n}\n";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static GeminiSessionOptions Options(Uri endpoint, int maxMessageBytes = 64 * 1024 * 1024) => new(ApiCredential.FromSecret("AIzaFuzzKey-0123456789"))
    {
        Endpoint = endpoint,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        SetupTimeout = TimeSpan.FromSeconds(5),
        MaxMessageBytes = maxMessageBytes,
    };

    [Theory]
    [InlineData(101)]
    [InlineData(202)]
    [InlineData(303)]
    [InlineData(404)]
    public async Task Malformed_frames_over_a_socket_never_end_the_session(int seed)
    {
        int frames = 250 * FuzzCorpus.Scale;
        List<byte[]> seeds = FuzzCorpus.ServerSeeds();
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await ScriptedServer.AcceptSetupAsync(socket, ct);
            var random = new Random(seed);
            for (int i = 0; i < frames; i++)
            {
                byte[] frame = FuzzCorpus.Mutate(random, seeds, out _);
                if (frame.Length == 0) frame = [(byte)' '];
                // Text frames must be valid UTF-8 (RFC 6455: the client fails the connection otherwise, tested below);
                // the service sends binary, where any bytes are allowed.
                bool binary = random.Next(4) != 0 || !IsUtf8(frame);
                int fragment = random.Next(3) switch
                {
                    0 => frame.Length,
                    1 => 1 + random.Next(7),   // cuts multi-byte characters apart
                    _ => 1 + random.Next(4096),
                };
                if (frame.Length > 64 * 1024) fragment = Math.Max(fragment, 16 * 1024);
                await socket.SendFragmentedAsync(frame, binary, fragment, ct);
            }
            await socket.SendAsync(ScriptedServer.Utf8(Sentinel), binary: true, ct);
            await socket.ReceiveAsync(1 << 20, ct); // until the client closes
        });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint));
        using var timeout = new CancellationTokenSource(Bounded.Scaled(15));

        bool sentinel = false;
        int delivered = 0;
        while (!sentinel)
        {
            using ServerMessage? message = await Bounded.Within(session.ReadMessageAsync(timeout.Token), Bounded.Scaled(15), "reading fuzzed frames");
            Assert.NotNull(message); // null = the session ended
            ReceiveFuzzTests.Touch(message!);
            delivered++;
            sentinel = message!.ServerContent?.TurnCompleteReason == "FUZZ_SENTINEL";
        }

        Assert.Equal(GeminiSessionState.Open, session.State);
        Assert.Null(session.CloseError);
        Assert.True(session.Statistics.MalformedMessages > frames / 4, $"only {session.Statistics.MalformedMessages} of {frames} counted as malformed");
        // Every frame is accounted for: delivered (valid ones, the sentinel) or counted as malformed (or dropped by a full inbox).
        Assert.Equal(frames + 1, delivered + session.Statistics.MalformedMessages + session.Statistics.DroppedMessages);
    }

    [Fact]
    public async Task A_utf8_character_split_across_every_fragment_boundary_still_decodes()
    {
        const string text = "€𝄞 Grüße 世界 😀";
        string frame = "{\n  \"serverContent\": {\n    \"outputTranscription\": {\n      \"text\": \"" + text + "\"\n    }\n  }\n}\n";
        byte[] bytes = Encoding.UTF8.GetBytes(frame);
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await ScriptedServer.AcceptSetupAsync(socket, ct);
            for (int size = 1; size <= 5; size++) await socket.SendFragmentedAsync(bytes, binary: size % 2 == 0, size, ct);
            await socket.ReceiveAsync(1 << 20, ct);
        });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 5; i++)
        {
            using ServerMessage message = (await session.ReadMessageAsync(timeout.Token))!;
            Assert.Equal(text, message.ServerContent!.OutputTranscription!.Text);
        }
        Assert.Equal(0, session.Statistics.MalformedMessages);
    }

    [Fact]
    public async Task A_frame_over_MaxMessageBytes_closes_the_session_with_1009()
    {
        byte[] huge = Encoding.UTF8.GetBytes("{\"serverContent\":{\"outputTranscription\":{\"text\":\"" + new string('x', 300_000) + "\"}}}");
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await ScriptedServer.AcceptSetupAsync(socket, ct);
            await socket.SendFragmentedAsync(huge, binary: true, 8192, ct);
            await socket.ReceiveAsync(1 << 20, ct);
        });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint, maxMessageBytes: 64 * 1024));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<GeminiSessionException>(() => Bounded.Within(session.ReadMessageAsync(timeout.Token), TimeSpan.FromSeconds(10), "read"));
        Assert.Equal(CloseCodes.MessageTooBig, error.CloseCode);
        Assert.Contains("65536", error.Message);
        Assert.Equal(GeminiSessionState.Closed, session.State);
        await Bounded.Within(session.CloseAsync(), TimeSpan.FromSeconds(10), "close after 1009");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_text_frame_closes_the_session_cleanly()
    {
        byte[] bad = [.. "{\"serverContent\":{\"outputTranscription\":{\"text\":\""u8, 0xC3, 0x28, .. "\"}}}"u8];
        await using var server = new RawWebSocketServer(RawWebSocketServer.Frame(0x1, bad));
        await AssertClosesCleanlyAsync(server.Endpoint);
    }

    public static TheoryData<string, byte[]> BadCloseFrames() => new()
    {
        { "reason of 123 bytes (the limit)", RawWebSocketServer.Close(1011, Encoding.UTF8.GetBytes(new string('r', 123))) },
        { "reason of 200 bytes (control frame over 125)", RawWebSocketServer.Close(1011, Encoding.UTF8.GetBytes(new string('r', 200))) },
        { "reason of 70000 bytes", RawWebSocketServer.Close(1007, Encoding.UTF8.GetBytes(new string('r', 70_000))) },
        { "invalid UTF-8 reason", RawWebSocketServer.Close(1008, [0xC3, 0x28, 0xFF]) },
        { "UTF-8 cut mid-character", RawWebSocketServer.Close(1011, [.. Encoding.UTF8.GetBytes(new string('é', 61)), 0xC3]) },
        { "no status (empty payload)", RawWebSocketServer.Frame(0x8, []) },
        { "one-byte payload", RawWebSocketServer.Frame(0x8, [0x03]) },
        { "code 999", RawWebSocketServer.Close(999, "x"u8.ToArray()) },
        { "code 1005 on the wire", RawWebSocketServer.Close(1005, []) },
        { "code 5000", RawWebSocketServer.Close(5000, "private"u8.ToArray()) },
        { "fragmented close", RawWebSocketServer.Frame(0x8, [0x03, 0xF3, (byte)'x'], fin: false) },
        { "reserved opcode 0x3", RawWebSocketServer.Frame(0x3, "x"u8.ToArray()) },
        { "continuation without a start", RawWebSocketServer.Frame(0x0, "x"u8.ToArray()) },
        { "RSV bits set", [0xF2, 0x01, (byte)'x'] },
        { "length over 2^63", [0x82, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "masked server frame", [0x82, 0x81, 1, 2, 3, 4, (byte)'x' ^ 1] },
    };

    [Theory]
    [MemberData(nameof(BadCloseFrames))]
    public async Task Odd_close_and_control_frames_close_the_session_cleanly(string what, byte[] frame)
    {
        _ = what;
        await using var server = new RawWebSocketServer(frame);
        GeminiSessionException error = await AssertClosesCleanlyAsync(server.Endpoint);
        if (what.StartsWith("reason of 123", StringComparison.Ordinal))
        {
            Assert.Equal(1011, error.CloseCode);
            Assert.Equal(new string('r', 123), error.Reason);
        }
    }

    private static async Task<GeminiSessionException> AssertClosesCleanlyAsync(Uri endpoint)
    {
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(endpoint));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        GeminiSessionException error = await Assert.ThrowsAsync<GeminiSessionException>(
            () => Bounded.Within(session.ReadMessageAsync(timeout.Token), TimeSpan.FromSeconds(10), "read until the close"));
        Assert.True(error.CloseCode > 0, "no close code");
        Assert.DoesNotContain("   at ", error.Message);
        Assert.DoesNotContain("AIzaFuzzKey", error.Message);
        Assert.Equal(GeminiSessionState.Closed, session.State);
        await Bounded.Within(session.CloseAsync(), TimeSpan.FromSeconds(10), "close");
        await Assert.ThrowsAnyAsync<Exception>(() => session.SendTextAsync("after the close"));
        return error;
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
