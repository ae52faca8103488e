using System;

namespace GeminiRealtime.Audio
{
    /// <summary>What one call to <see cref="EnergyVoiceDetector.Process"/> saw happen.</summary>
    public enum VoiceTransition
    {
        None,
        SpeechStarted,
        SpeechEnded,
    }

    /// <summary>
    /// A deterministic energy VAD on s16le mono PCM of any rate, in 20 ms frames (RMS dBFS against a threshold).
    /// Speech starts after <c>attack</c> of consecutive voiced audio and ends after <c>hangover</c> of consecutive
    /// unvoiced audio. All times are audio time (sample counts), never wall-clock time, so it gives the same answer
    /// however fast the audio is fed. Used by the emulator's ears and the client's half-duplex barge-in gate.
    /// </summary>
    public sealed class EnergyVoiceDetector
    {
        public const int FrameMilliseconds = 20;

        private readonly int _sampleRate;
        private readonly byte[] _carry;
        private int _carryBytes;
        private double _voicedRunMs;
        private double _silenceRunMs;

        public EnergyVoiceDetector(int sampleRate, double thresholdDbfs, TimeSpan attack, TimeSpan hangover)
        {
            if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
            _sampleRate = sampleRate;
            ThresholdDbfs = thresholdDbfs;
            AttackMilliseconds = Math.Max(FrameMilliseconds, attack.TotalMilliseconds);
            HangoverMilliseconds = Math.Max(FrameMilliseconds, hangover.TotalMilliseconds);
            _carry = new byte[FrameBytes];
        }

        public double ThresholdDbfs { get; }
        public double AttackMilliseconds { get; }
        public double HangoverMilliseconds { get; }
        public bool InSpeech { get; private set; }
        /// <summary>Audio time processed so far.</summary>
        public double ClockMilliseconds { get; private set; }
        /// <summary>Where the current (or last) speech began: the first voiced frame of its attack.</summary>
        public double SpeechStartMilliseconds { get; private set; }
        /// <summary>The end of the last voiced frame.</summary>
        public double LastVoicedMilliseconds { get; private set; }
        /// <summary>Level of the last whole frame.</summary>
        public double LastLevelDbfs { get; private set; } = -120;
        /// <summary>From the start of the speech to its last voiced frame.</summary>
        public double SpeechMilliseconds => Math.Max(0, LastVoicedMilliseconds - SpeechStartMilliseconds);

        private int FrameBytes => _sampleRate * FrameMilliseconds / 1000 * 2;

        /// <summary>Feeds PCM; returns the last transition it caused (a start and an end in one call report the end).</summary>
        public VoiceTransition Process(ReadOnlySpan<byte> pcm)
        {
            VoiceTransition result = VoiceTransition.None;
            while (pcm.Length > 0)
            {
                int take = Math.Min(FrameBytes - _carryBytes, pcm.Length);
                pcm.Slice(0, take).CopyTo(new Span<byte>(_carry, _carryBytes, take));
                _carryBytes += take;
                pcm = pcm.Slice(take);
                if (_carryBytes < FrameBytes) break;
                _carryBytes = 0;
                VoiceTransition t = Frame(new ReadOnlySpan<byte>(_carry));
                if (t != VoiceTransition.None) result = t;
            }
            return result;
        }

        /// <summary>Ends speech now (audioStreamEnd, activityEnd). True when speech was in progress.</summary>
        public bool ForceEnd()
        {
            _voicedRunMs = 0;
            _silenceRunMs = 0;
            if (!InSpeech) return false;
            InSpeech = false;
            return true;
        }

        private VoiceTransition Frame(ReadOnlySpan<byte> frame)
        {
            LastLevelDbfs = Pcm16.LevelDbfs(frame);
            bool voiced = LastLevelDbfs >= ThresholdDbfs;
            ClockMilliseconds += FrameMilliseconds;
            if (!InSpeech)
            {
                _voicedRunMs = voiced ? _voicedRunMs + FrameMilliseconds : 0;
                if (_voicedRunMs < AttackMilliseconds) return VoiceTransition.None;
                InSpeech = true;
                SpeechStartMilliseconds = ClockMilliseconds - _voicedRunMs;
                LastVoicedMilliseconds = ClockMilliseconds;
                _silenceRunMs = 0;
                return VoiceTransition.SpeechStarted;
            }
            if (voiced)
            {
                _silenceRunMs = 0;
                LastVoicedMilliseconds = ClockMilliseconds;
                return VoiceTransition.None;
            }
            _silenceRunMs += FrameMilliseconds;
            if (_silenceRunMs < HangoverMilliseconds) return VoiceTransition.None;
            InSpeech = false;
            _voicedRunMs = 0;
            return VoiceTransition.SpeechEnded;
        }
    }
}
