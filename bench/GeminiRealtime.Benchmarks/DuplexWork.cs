namespace GeminiRealtime.Benchmarks;

/// <summary>The work of one simulated duplex minute; keep in step with bench/js/duplex-work.mjs.</summary>
public static class DuplexWork
{
    public const int TurnsPerMinute = 10;
    public const int ChunksPerMinute = 3000; // 20 ms each
    public const int ChunkBytes = 640;       // 20 ms of 16 kHz s16le mono
    /// <summary>PCM bytes the replies of one minute carry: 10 × 6 s of 24 kHz s16le.</summary>
    public const long ReplyPcmBytesPerMinute = TurnsPerMinute * 6L * 24_000 * 2;

    /// <summary>90 characters: the emulator replies "You said: " + text = 100 characters = 6000 ms of 24 kHz audio.</summary>
    public static string TurnText(int i)
    {
        string text = $"Turn {i:000}: the quick brown fox jumps over the lazy dog, again and again and again." + new string(' ', 90);
        return text.Substring(0, 90);
    }

    public static byte[] MicChunk()
    {
        var pcm = new byte[ChunkBytes];
        for (int i = 0; i < ChunkBytes / 2; i++)
        {
            short s = (short)Math.Round(3000 * Math.Sin(2 * Math.PI * 440 * i / 16000.0));
            pcm[2 * i] = (byte)(s & 0xFF);
            pcm[2 * i + 1] = (byte)((s >> 8) & 0xFF);
        }
        return pcm;
    }
}
