using System;
using System.IO;
using System.Text;

namespace GeminiRealtime.Audio
{
    /// <summary>
    /// Reads RIFF/WAVE files: PCM 8/16/24/32-bit and IEEE float 32/64, any rate, any channel count (mixed down to
    /// mono), WAVE_FORMAT_EXTENSIBLE included. Unknown chunks are skipped.
    /// </summary>
    public static class WavReader
    {
        /// <summary>Reads the file as mono float samples and their rate.</summary>
        public static float[] ReadMono(string path, out int sampleRate)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return ReadMono(stream, out sampleRate);
        }

        public static float[] ReadMono(Stream stream, out int sampleRate)
        {
            using var reader = new BinaryReader(stream, Encoding.ASCII, leaveOpen: true);
            if (ReadTag(reader) != "RIFF") throw new InvalidDataException("Not a WAV file: no RIFF header.");
            reader.ReadInt32();
            if (ReadTag(reader) != "WAVE") throw new InvalidDataException("Not a WAV file: RIFF type is not WAVE.");
            int format = 0, channels = 0, bits = 0;
            sampleRate = 0;
            while (stream.Position + 8 <= stream.Length)
            {
                string tag = ReadTag(reader);
                long size = reader.ReadUInt32();
                long next = stream.Position + size + (size & 1);
                if (tag == "fmt ")
                {
                    format = reader.ReadUInt16();
                    channels = reader.ReadUInt16();
                    sampleRate = reader.ReadInt32();
                    reader.ReadInt32();
                    reader.ReadUInt16();
                    bits = reader.ReadUInt16();
                    if (format == 0xFFFE && size >= 40)
                    {
                        reader.ReadUInt16(); // cbSize
                        reader.ReadUInt16(); // valid bits
                        reader.ReadUInt32(); // channel mask
                        format = reader.ReadUInt16(); // first two bytes of the sub-format GUID are the format tag
                    }
                }
                else if (tag == "data")
                {
                    if (format == 0) throw new InvalidDataException("WAV file has no fmt chunk before its data.");
                    if (format != 1 && format != 3) throw new InvalidDataException($"WAV format tag {format} is not supported: use PCM or IEEE float.");
                    if (channels <= 0 || sampleRate <= 0) throw new InvalidDataException("WAV fmt chunk is invalid.");
                    // A streaming writer may leave the size at 0 or 0xFFFFFFFF: read to the end then.
                    long available = stream.Length - stream.Position;
                    long length = size == 0 || size > available ? available : size;
                    byte[] data = reader.ReadBytes((int)length);
                    return Decode(data, format, channels, bits);
                }
                if (next > stream.Length) break;
                stream.Position = next;
            }
            throw new InvalidDataException("WAV file has no data chunk.");
        }

        /// <summary>Reads the file as 16-bit mono PCM at <paramref name="targetRate"/> (resampled when the file differs).</summary>
        public static byte[] ReadPcm16(string path, int targetRate, out int sourceRate)
        {
            float[] mono = ReadMono(path, out sourceRate);
            byte[] pcm = Pcm16.FromFloats(mono);
            return sourceRate == targetRate ? pcm : PcmResampler.Convert(pcm, sourceRate, targetRate);
        }

        private static float[] Decode(byte[] data, int format, int channels, int bits)
        {
            int bytesPerSample = bits / 8;
            if (bytesPerSample <= 0) throw new InvalidDataException($"WAV bit depth {bits} is not supported.");
            int frames = data.Length / (bytesPerSample * channels);
            var mono = new float[frames];
            for (int f = 0; f < frames; f++)
            {
                double sum = 0;
                for (int c = 0; c < channels; c++)
                {
                    int at = (f * channels + c) * bytesPerSample;
                    sum += Sample(data, at, format, bits);
                }
                mono[f] = (float)(sum / channels);
            }
            return mono;
        }

        private static double Sample(byte[] d, int at, int format, int bits)
        {
            if (format == 3)
            {
                return bits switch
                {
                    32 => BitConverter.ToSingle(d, at),
                    64 => BitConverter.ToDouble(d, at),
                    _ => throw new InvalidDataException($"Float WAV with {bits} bits is not supported."),
                };
            }
            return bits switch
            {
                8 => (d[at] - 128) / 128.0,
                16 => (short)(d[at] | (d[at + 1] << 8)) / 32768.0,
                24 => ((d[at] << 8 | d[at + 1] << 16 | d[at + 2] << 24) >> 8) / 8388608.0,
                32 => BitConverter.ToInt32(d, at) / 2147483648.0,
                _ => throw new InvalidDataException($"PCM WAV with {bits} bits is not supported."),
            };
        }

        private static string ReadTag(BinaryReader reader) => Encoding.ASCII.GetString(reader.ReadBytes(4));
    }
}
