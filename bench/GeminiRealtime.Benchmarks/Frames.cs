using System.Text;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Benchmarks;

/// <summary>Real-sized frames: server audio exactly as the service frames it, client mic chunks.</summary>
public static class Frames
{
    public const string OutputMime = "audio/pcm;rate=24000";
    public const string InputMime = "audio/pcm;rate=16000";

    /// <summary>The recorded 9600-byte sample (protocol-samples/09) when it is there, else the same shape built here.</summary>
    public static byte[] ServerAudioFrame(int pcmBytes)
    {
        if (pcmBytes == 9600)
        {
            string? sample = FindSample("09-server-modelTurn-audio-9600B.gemini.json");
            if (sample != null) return File.ReadAllBytes(sample);
        }
        var message = new ServerMessage
        {
            ServerContent = new ServerContent
            {
                ModelTurn = new Content
                {
                    Parts = [new Part { InlineData = new Blob { MimeType = OutputMime, Data = new Base64Data(Pcm(pcmBytes, 24_000, 440)) } }],
                },
            },
        };
        return ProtocolJson.SerializeServerMessagePretty(message);
    }

    /// <summary>The base64 text inside a frame (what plain base64 decoding gets as input).</summary>
    public static byte[] Base64Payload(byte[] frame)
    {
        string text = Encoding.UTF8.GetString(frame);
        const string key = "\"data\": \"";
        int start = text.IndexOf(key, StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException("No data field in the frame.");
        start += key.Length;
        int end = text.IndexOf('"', start);
        return Encoding.ASCII.GetBytes(text.Substring(start, end - start));
    }

    /// <summary>s16le mono sine PCM.</summary>
    public static byte[] Pcm(int bytes, int sampleRate, double frequency)
    {
        var pcm = new byte[bytes];
        for (int i = 0; i < bytes / 2; i++)
        {
            short s = (short)Math.Round(3000 * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            pcm[2 * i] = (byte)(s & 0xFF);
            pcm[2 * i + 1] = (byte)((s >> 8) & 0xFF);
        }
        return pcm;
    }

    public static string? FindSample(string name)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "protocol-samples", name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
