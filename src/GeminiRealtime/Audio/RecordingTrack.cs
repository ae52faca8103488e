using System;
using System.Collections.Generic;

namespace GeminiRealtime.Audio
{
    /// <summary>
    /// One channel of a <see cref="ConversationRecorder"/>: 24 kHz s16le audio laid on a timeline of frames. Chunks go
    /// back to back unless one arrives later than the end of the previous one by more than a tolerance (then the
    /// gap is silence). Silence is never stored: only the audio segments not yet written are kept. Writer thread only.
    /// </summary>
    internal sealed class RecordingTrack
    {
        private readonly Queue<Segment> _segments = new Queue<Segment>();

        /// <summary>The frame where the next chunk goes at the earliest (the end of the audio placed so far, or later).</summary>
        public long Cursor { get; private set; }

        /// <summary>Frames of audio placed so far (silence not counted).</summary>
        public long AudioFrames { get; private set; }

        /// <summary>
        /// Places <paramref name="pcm"/> (24 kHz s16le mono) at <paramref name="atFrame"/>, or right after the previous
        /// chunk when it arrived at most <paramref name="toleranceFrames"/> after that chunk's end (network and timer
        /// jitter must not chop speech into pieces), or when it arrived before that end (faster than real time).
        /// </summary>
        public void Place(byte[] pcm, long atFrame, long toleranceFrames)
        {
            long start = atFrame - Cursor > toleranceFrames ? atFrame : Cursor;
            int frames = pcm.Length / 2;
            if (frames > 0) _segments.Enqueue(new Segment(start, pcm));
            Cursor = start + frames;
            AudioFrames += frames;
        }

        /// <summary>Moves the cursor to <paramref name="frame"/> (silence up to there) when it is behind: what is written is final.</summary>
        public void AdvanceTo(long frame)
        {
            if (frame > Cursor) Cursor = frame;
        }

        /// <summary>
        /// Copies the samples of frames [<paramref name="from"/>, from + <paramref name="frames"/>) into channel
        /// <paramref name="channel"/> of the interleaved 16-bit <paramref name="block"/> (left as it is where this track
        /// is silent), and forgets the segments that end inside the range.
        /// </summary>
        public void Render(long from, int frames, byte[] block, int channel, int channels)
        {
            long to = from + frames;
            while (_segments.Count > 0)
            {
                Segment segment = _segments.Peek();
                long end = segment.Start + segment.Pcm.Length / 2;
                if (segment.Start >= to) break;
                long first = Math.Max(segment.Start, from);
                long last = Math.Min(end, to);
                for (long frame = first; frame < last; frame++)
                {
                    int source = (int)(frame - segment.Start) * 2;
                    int target = ((int)(frame - from) * channels + channel) * 2;
                    block[target] = segment.Pcm[source];
                    block[target + 1] = segment.Pcm[source + 1];
                }
                if (end > to) break;
                _segments.Dequeue();
            }
        }

        private readonly struct Segment
        {
            public Segment(long start, byte[] pcm)
            {
                Start = start;
                Pcm = pcm;
            }

            public long Start { get; }
            public byte[] Pcm { get; }
        }
    }
}
