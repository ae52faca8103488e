using System;
using System.Collections.Generic;
using NAudio.Dsp;

namespace GeminiRealtime.Audio
{
    /// <summary>
    /// Streaming sample-rate converter for mono s16le PCM, built on NAudio.Core's WDL resampler (managed, so it runs on
    /// every OS; sinc filter, about 500x real time). Feed chunks with <see cref="Process"/>, end with <see cref="Flush"/>.
    /// Not thread-safe: one owner.
    /// </summary>
    public sealed class PcmResampler
    {
        private readonly WdlResampler? _resampler;
        private readonly double _ratio;

        public PcmResampler(int fromRate, int toRate)
        {
            if (fromRate <= 0) throw new ArgumentOutOfRangeException(nameof(fromRate));
            if (toRate <= 0) throw new ArgumentOutOfRangeException(nameof(toRate));
            FromRate = fromRate;
            ToRate = toRate;
            _ratio = (double)toRate / fromRate;
            if (fromRate == toRate) return;
            _resampler = new WdlResampler();
            _resampler.SetMode(true, 2, false);
            _resampler.SetFilterParms();
            _resampler.SetFeedMode(true); // input-driven: every call consumes all it is given
            _resampler.SetRates(fromRate, toRate);
        }

        public int FromRate { get; }
        public int ToRate { get; }

        /// <summary>Converts one chunk (s16le bytes at <see cref="FromRate"/>); returns what is ready at <see cref="ToRate"/>.</summary>
        public byte[] Process(ReadOnlySpan<byte> pcm)
        {
            if (_resampler == null) return pcm.ToArray();
            return Pcm16.FromFloats(ProcessFloats(Pcm16.ToFloats(pcm)));
        }

        /// <summary>Converts float samples in [-1, 1].</summary>
        public float[] ProcessFloats(float[] input)
        {
            if (_resampler == null) return (float[])input.Clone();
            if (input.Length == 0) return Array.Empty<float>();
            int needed = _resampler.ResamplePrepare(input.Length, 1, out float[] inBuffer, out int inOffset);
            Array.Copy(input, 0, inBuffer, inOffset, Math.Min(needed, input.Length));
            int maxOut = (int)Math.Ceiling(input.Length * _ratio) + 64;
            var output = new float[maxOut];
            int produced = _resampler.ResampleOut(output, 0, needed, maxOut, 1);
            if (produced == output.Length) return output;
            var exact = new float[produced];
            Array.Copy(output, exact, produced);
            return exact;
        }

        /// <summary>Pushes the filter's delay out (feeds silence for its latency) at the end of a stream.</summary>
        public byte[] Flush()
        {
            if (_resampler == null) return Array.Empty<byte>();
            int tail = (int)Math.Ceiling(_resampler.GetCurrentLatency() * FromRate) + 64;
            return Pcm16.FromFloats(ProcessFloats(new float[tail]));
        }

        /// <summary>One-shot conversion of a whole buffer (output length = input length x ratio, rounded).</summary>
        public static byte[] Convert(ReadOnlySpan<byte> pcm, int fromRate, int toRate)
        {
            if (fromRate == toRate) return pcm.ToArray();
            var resampler = new PcmResampler(fromRate, toRate);
            float[] all = Concat(resampler.ProcessFloats(Pcm16.ToFloats(pcm)),
                resampler.ProcessFloats(new float[(int)Math.Ceiling(resampler._resampler!.GetCurrentLatency() * fromRate) + 64]));
            // WDL delays by its filter latency: cut that from the front so the timing matches the input.
            int delay = (int)Math.Round(EstimateDelay(fromRate, toRate));
            int expected = (int)Math.Round(pcm.Length / 2 * (double)toRate / fromRate);
            var result = new float[expected];
            Array.Copy(all, Math.Min(delay, all.Length), result, 0, Math.Max(0, Math.Min(expected, all.Length - delay)));
            return Pcm16.FromFloats(result);
        }

        private static double EstimateDelay(int fromRate, int toRate)
        {
            // Measured by pushing an impulse through a fresh resampler with the same settings.
            var probe = new PcmResampler(fromRate, toRate);
            int n = fromRate / 10;
            var impulse = new float[n];
            impulse[n / 2] = 1f;
            float[] output = Concat(probe.ProcessFloats(impulse), probe.ProcessFloats(new float[n]));
            int peak = 0;
            for (int i = 1; i < output.Length; i++) if (Math.Abs(output[i]) > Math.Abs(output[peak])) peak = i;
            return peak - (n / 2) * (double)toRate / fromRate;
        }

        private static float[] Concat(float[] a, float[] b)
        {
            var all = new List<float>(a.Length + b.Length);
            all.AddRange(a);
            all.AddRange(b);
            return all.ToArray();
        }
    }
}
