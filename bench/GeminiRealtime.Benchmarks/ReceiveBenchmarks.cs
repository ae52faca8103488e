using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Benchmarks;

/// <summary>
/// Receive path: one whole server audio frame (binary, pretty-printed JSON as the service sends it) to PCM, against the
/// practical limit: plain base64 decoding of the same payload into a ready buffer.
/// </summary>
[MemoryDiagnoser]
public class ReceiveBenchmarks
{
    private byte[] _frame = [];
    private byte[] _base64 = [];
    private byte[] _pcm = [];

    [Params(9600, 11520)]
    public int PcmBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = Frames.ServerAudioFrame(PcmBytes);
        _base64 = Frames.Base64Payload(_frame);
        _pcm = new byte[PcmBytes + 16];
        using ServerMessage check = ProtocolJson.DeserializeServerMessage(_frame);
        int got = check.ServerContent!.ModelTurn!.Parts![0].InlineData!.Data!.Length;
        if (got != PcmBytes) throw new InvalidOperationException($"The frame holds {got} PCM bytes, not {PcmBytes}.");
    }

    [Benchmark(Baseline = true, Description = "base64 only (limit)")]
    public int Base64Only()
    {
        Base64.DecodeFromUtf8(_base64, _pcm, out _, out int written);
        return written;
    }

    [Benchmark(Description = "frame -> PCM (ours)")]
    public int DecodeFrame()
    {
        using ServerMessage message = ProtocolJson.DeserializeServerMessage(_frame);
        return message.ServerContent!.ModelTurn!.Parts![0].InlineData!.Data!.Memory.Span[0];
    }
}
