using System;
using System.IO;
using System.Text;

namespace GeminiRealtime.Audio
{
    /// <summary>Writes and reads canonical 44-byte-header PCM WAV files.</summary>
    public static class WavFile
    {
        public static void Write(string path, ReadOnlySpan<byte> pcm, PcmFormat format)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            Write(stream, pcm, format);
        }

        public static void Write(Stream stream, ReadOnlySpan<byte> pcm, PcmFormat format)
        {
            using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
            writer.Write(Encoding.ASCII.GetBytes("RIFF"));
            writer.Write(36 + pcm.Length);
            writer.Write(Encoding.ASCII.GetBytes("WAVE"));
            writer.Write(Encoding.ASCII.GetBytes("fmt "));
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)format.Channels);
            writer.Write(format.SampleRate);
            writer.Write(format.BytesPerSecond * format.Channels);
            writer.Write((short)(format.Channels * format.BitsPerSample / 8));
            writer.Write((short)format.BitsPerSample);
            writer.Write(Encoding.ASCII.GetBytes("data"));
            writer.Write(pcm.Length);
            writer.Flush();
            byte[] copy = pcm.ToArray();
            stream.Write(copy, 0, copy.Length);
        }
    }
}
