using System;
using System.Collections.Generic;
using System.Text;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The emulator's "voice": a deterministic signal that stands in for speech. 24 kHz s16le mono PCM, one sine tone per
    /// word (frequency from the word, see <see cref="FrequencyOf"/>), 30 ms of silence between words, 5 ms fades.
    /// The whole reply lasts 60 ms per character of its text (UTF-16 units), at least 500 ms; the tones share the time
    /// left after the gaps in proportion to their words' lengths.
    /// </summary>
    internal static class EmulatorSpeech
    {
        public const int SampleRate = 24_000;
        public const int SamplesPerMillisecond = SampleRate / 1000;
        public const int MillisecondsPerCharacter = 60;
        public const int MinimumMilliseconds = 500;
        public const int GapMilliseconds = 30;
        public const int FadeMilliseconds = 5;
        public const short Amplitude = 8_000;

        /// <summary>Length of the spoken <paramref name="text"/> in milliseconds.</summary>
        public static int DurationMilliseconds(string text) => Math.Max(MinimumMilliseconds, MillisecondsPerCharacter * text.Length);

        /// <summary>
        /// 220 Hz + 12.5 Hz × (FNV-1a of the lower-cased word's UTF-8 bytes mod 48): 220 – 807.5 Hz, the same for the same word.
        /// </summary>
        public static double FrequencyOf(string word)
        {
            uint hash = 2166136261;
            foreach (byte b in Encoding.UTF8.GetBytes(word.ToLowerInvariant()))
            {
                hash ^= b;
                hash *= 16777619;
            }
            return 220.0 + 12.5 * (hash % 48);
        }

        /// <summary>
        /// Renders <paramref name="words"/> (already trimmed) into PCM of exactly <paramref name="durationMs"/>.
        /// <paramref name="wordStartBytes"/> receives the byte offset where each word's tone starts.
        /// </summary>
        public static byte[] Synthesize(IReadOnlyList<string> words, int durationMs, out int[] wordStartBytes)
        {
            int totalSamples = durationMs * SamplesPerMillisecond;
            byte[] pcm = new byte[totalSamples * 2];
            wordStartBytes = new int[words.Count];
            if (words.Count == 0) return pcm;

            int gapSamples = GapMilliseconds * SamplesPerMillisecond;
            int toneSamplesTotal = Math.Max(words.Count, totalSamples - gapSamples * (words.Count - 1));
            long letters = 0;
            foreach (string word in words) letters += Math.Max(1, word.Length);

            int at = 0;
            long lettersSoFar = 0;
            for (int i = 0; i < words.Count; i++)
            {
                lettersSoFar += Math.Max(1, words[i].Length);
                // Cumulative rounding: the tones add up to exactly toneSamplesTotal.
                int toneEnd = (int)(toneSamplesTotal * lettersSoFar / letters);
                int toneStartInTones = (int)(toneSamplesTotal * (lettersSoFar - Math.Max(1, words[i].Length)) / letters);
                int length = toneEnd - toneStartInTones;
                if (at + length > totalSamples) length = totalSamples - at;
                wordStartBytes[i] = at * 2;
                WriteTone(pcm, at, length, FrequencyOf(words[i]));
                at += length + gapSamples;
                if (at > totalSamples) at = totalSamples;
            }
            return pcm;
        }

        private static void WriteTone(byte[] pcm, int startSample, int length, double frequency)
        {
            int fade = Math.Min(FadeMilliseconds * SamplesPerMillisecond, length / 2);
            double step = 2 * Math.PI * frequency / SampleRate;
            for (int n = 0; n < length; n++)
            {
                double envelope = 1.0;
                if (fade > 0)
                {
                    if (n < fade) envelope = (double)n / fade;
                    else if (n >= length - fade) envelope = (double)(length - 1 - n) / fade;
                }
                short sample = (short)Math.Round(Amplitude * envelope * Math.Sin(step * n));
                int offset = (startSample + n) * 2;
                pcm[offset] = (byte)(sample & 0xFF);
                pcm[offset + 1] = (byte)((sample >> 8) & 0xFF);
            }
        }
    }
}
