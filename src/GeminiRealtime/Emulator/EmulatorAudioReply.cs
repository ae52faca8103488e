using System;
using System.Collections.Generic;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// A spoken reply cut the way the service sends it: a first chunk of 9,600 bytes (200 ms), then 11,520-byte chunks
    /// (240 ms), the last one shorter. Each word's transcription piece rides in the chunk where its tone starts.
    /// </summary>
    internal sealed class EmulatorAudioReply
    {
        public const int FirstChunkBytes = 9_600;
        public const int ChunkBytes = 11_520;
        public const string MimeType = "audio/pcm;rate=24000";

        private EmulatorAudioReply(byte[] pcm, int durationMs, List<Chunk> chunks)
        {
            Pcm = pcm;
            DurationMilliseconds = durationMs;
            Chunks = chunks;
        }

        public byte[] Pcm { get; }

        public int DurationMilliseconds { get; }

        public IReadOnlyList<Chunk> Chunks { get; }

        public static EmulatorAudioReply Render(string text)
        {
            List<string> pieces = EmulatorTextSplitter.SplitWords(text);
            var words = new List<string>(pieces.Count);
            foreach (string piece in pieces) words.Add(piece.Trim());
            // A whitespace-only text has one piece and no word: speak silence.
            if (words.Count == 1 && words[0].Length == 0) words.Clear();

            int durationMs = EmulatorSpeech.DurationMilliseconds(text);
            byte[] pcm = EmulatorSpeech.Synthesize(words, durationMs, out int[] wordStarts);

            var chunks = new List<Chunk>();
            int offset = 0;
            while (offset < pcm.Length)
            {
                int length = Math.Min(chunks.Count == 0 ? FirstChunkBytes : ChunkBytes, pcm.Length - offset);
                chunks.Add(new Chunk(offset, length));
                offset += length;
            }

            for (int i = 0; i < pieces.Count; i++)
            {
                int start = i < wordStarts.Length ? wordStarts[i] : 0;
                int index = Math.Min(chunks.Count - 1, start < FirstChunkBytes ? 0 : 1 + (start - FirstChunkBytes) / ChunkBytes);
                chunks[index].Transcript = (chunks[index].Transcript ?? string.Empty) + pieces[i];
            }
            return new EmulatorAudioReply(pcm, durationMs, chunks);
        }

        public sealed class Chunk
        {
            public Chunk(int offset, int length)
            {
                Offset = offset;
                Length = length;
            }

            public int Offset { get; }

            public int Length { get; }

            /// <summary>Where the chunk starts in the reply's playback time.</summary>
            public double StartMilliseconds => Offset / 2.0 / EmulatorSpeech.SamplesPerMillisecond;

            public double EndMilliseconds => (Offset + Length) / 2.0 / EmulatorSpeech.SamplesPerMillisecond;

            /// <summary>The <c>outputTranscription</c> delta sent with this chunk, or null.</summary>
            public string? Transcript { get; set; }
        }
    }
}
