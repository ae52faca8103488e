using System;

namespace GeminiRealtime.Audio
{
    /// <summary>Conversions between s16le bytes, 16-bit samples and floats in [-1, 1].</summary>
    public static class Pcm16
    {
        public static float[] ToFloats(ReadOnlySpan<byte> pcm)
        {
            var samples = new float[pcm.Length / 2];
            for (int i = 0; i < samples.Length; i++) samples[i] = (short)(pcm[2 * i] | (pcm[2 * i + 1] << 8)) / 32768f;
            return samples;
        }

        public static byte[] FromFloats(ReadOnlySpan<float> samples)
        {
            var pcm = new byte[samples.Length * 2];
            for (int i = 0; i < samples.Length; i++)
            {
                // x 32768 (the inverse of ToFloats, so 16-bit input survives bit-exact), clamped to the s16 range.
                double scaled = Math.Round(samples[i] * 32768.0);
                short s = (short)Math.Max(short.MinValue, Math.Min(short.MaxValue, scaled));
                pcm[2 * i] = (byte)(s & 0xFF);
                pcm[2 * i + 1] = (byte)((s >> 8) & 0xFF);
            }
            return pcm;
        }

        /// <summary>RMS level of s16le PCM in dBFS (a full-scale sine is about -3 dBFS); silence is -120.</summary>
        public static double LevelDbfs(ReadOnlySpan<byte> pcm)
        {
            int n = pcm.Length / 2;
            if (n == 0) return -120;
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double s = (short)(pcm[2 * i] | (pcm[2 * i + 1] << 8)) / 32768.0;
                sum += s * s;
            }
            double rms = Math.Sqrt(sum / n);
            return rms <= 1e-6 ? -120 : Math.Max(-120, 20 * Math.Log10(rms));
        }
    }
}
