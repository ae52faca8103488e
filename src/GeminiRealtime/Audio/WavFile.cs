using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Audio
{
    /// <summary>Writes canonical 44-byte-header 16-bit PCM WAV files (mono, or interleaved stereo for recordings).</summary>
    public static class WavFile
    {
        /// <summary>Size of the canonical header: RIFF, a 16-byte <c>fmt </c> chunk, and the <c>data</c> chunk's header.</summary>
        public const int HeaderSize = 44;

        /// <summary>Offset of the RIFF chunk size (file length - 8).</summary>
        private const int RiffSizeOffset = 4;

        /// <summary>Offset of the <c>data</c> chunk size.</summary>
        private const int DataSizeOffset = 40;

        /// <summary>The most PCM bytes a WAV file can describe (its sizes are unsigned 32-bit).</summary>
        public const long MaxDataLength = uint.MaxValue - (HeaderSize - 8);

        public static void Write(string path, ReadOnlySpan<byte> pcm, PcmFormat format)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            Write(stream, pcm, format);
        }

        public static void Write(Stream stream, ReadOnlySpan<byte> pcm, PcmFormat format)
        {
            WriteHeader(stream, format.SampleRate, format.Channels, pcm.Length);
            byte[] copy = pcm.ToArray();
            stream.Write(copy, 0, copy.Length);
        }

        /// <summary>Writes the 44-byte header of a 16-bit PCM file holding <paramref name="dataLength"/> bytes, at the stream's position.</summary>
        public static void WriteHeader(Stream stream, int sampleRate, int channels, long dataLength)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
            if (channels <= 0 || channels > short.MaxValue) throw new ArgumentOutOfRangeException(nameof(channels));
            if (dataLength < 0 || dataLength > MaxDataLength) throw new ArgumentOutOfRangeException(nameof(dataLength));
            byte[] header = new byte[HeaderSize];
            using (var writer = new BinaryWriter(new MemoryStream(header), Encoding.ASCII))
            {
                int blockAlign = channels * 2;
                writer.Write(Encoding.ASCII.GetBytes("RIFF"));
                writer.Write((uint)(HeaderSize - 8 + dataLength));
                writer.Write(Encoding.ASCII.GetBytes("WAVE"));
                writer.Write(Encoding.ASCII.GetBytes("fmt "));
                writer.Write(16);
                writer.Write((short)1);
                writer.Write((short)channels);
                writer.Write(sampleRate);
                writer.Write(sampleRate * blockAlign);
                writer.Write((short)blockAlign);
                writer.Write((short)16);
                writer.Write(Encoding.ASCII.GetBytes("data"));
                writer.Write((uint)dataLength);
            }
            stream.Write(header, 0, header.Length);
        }

        /// <summary>
        /// Rewrites the RIFF and <c>data</c> sizes of a file begun with <see cref="WriteHeader"/> so that it describes
        /// <paramref name="dataLength"/> bytes, and leaves the stream positioned at the end of that data.
        /// </summary>
        public static async Task PatchSizesAsync(Stream stream, long dataLength, CancellationToken cancellationToken = default)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (dataLength < 0 || dataLength > MaxDataLength) throw new ArgumentOutOfRangeException(nameof(dataLength));
            byte[] size = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)(HeaderSize - 8 + dataLength));
            stream.Position = RiffSizeOffset;
            await stream.WriteAsync(size, 0, 4, cancellationToken).ConfigureAwait(false);
            BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)dataLength);
            stream.Position = DataSizeOffset;
            await stream.WriteAsync(size, 0, 4, cancellationToken).ConfigureAwait(false);
            stream.Position = HeaderSize + dataLength;
        }
    }
}
