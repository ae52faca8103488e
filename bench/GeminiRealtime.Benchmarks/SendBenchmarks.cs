using System.Buffers.Text;
using System.Text;
using BenchmarkDotNet.Attributes;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Benchmarks;

/// <summary>
/// Send path: a 20 ms mic chunk (640 bytes of 16 kHz PCM) into a realtimeInput frame, against the theoretical minimum:
/// the fixed envelope bytes copied around a base64 encoding into a ready buffer.
/// </summary>
[MemoryDiagnoser]
public class SendBenchmarks
{
    public const int ChunkBytes = 640;
    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes("{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate=16000\",\"data\":\"");
    private static readonly byte[] Suffix = Encoding.UTF8.GetBytes("\"}}}");
    private byte[] _chunk = [];
    private byte[] _frame = [];

    [GlobalSetup]
    public void Setup()
    {
        _chunk = Frames.Pcm(ChunkBytes, 16_000, 440);
        _frame = new byte[Prefix.Length + Base64.GetMaxEncodedToUtf8Length(ChunkBytes) + Suffix.Length];
        byte[] ours = Encode();
        int minimum = Minimum();
        if (!ours.AsSpan().SequenceEqual(_frame.AsSpan(0, minimum)))
            throw new InvalidOperationException("Our frame and the minimal frame differ: " + Encoding.UTF8.GetString(ours));
    }

    [Benchmark(Baseline = true, Description = "envelope copy + base64 (minimum)")]
    public int Minimum()
    {
        Span<byte> frame = _frame;
        Prefix.CopyTo(frame);
        Base64.EncodeToUtf8(_chunk, frame.Slice(Prefix.Length), out _, out int written);
        Suffix.CopyTo(frame.Slice(Prefix.Length + written));
        return Prefix.Length + written + Suffix.Length;
    }

    /// <summary>What GeminiSession.SendAsync encodes for one chunk (the message object an app builds, then the UTF-8 JSON).</summary>
    [Benchmark(Description = "chunk -> realtimeInput frame (ours)")]
    public byte[] Encode()
        => ProtocolJson.SerializeClientMessage(new ClientMessage
        {
            RealtimeInput = new RealtimeInput { Audio = new Blob { MimeType = Frames.InputMime, Data = new Base64Data(_chunk) } },
        });
}
