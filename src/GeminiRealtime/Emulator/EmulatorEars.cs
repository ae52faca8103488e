using System;
using System.Globalization;
using GeminiRealtime.Audio;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The emulator's ears: energy-based speech detection on <c>realtimeInput.audio</c> (see "EARS" in the comment
    /// block of EmulatorModel.cs; keep the two in step). Lives on the session's reader; deterministic in audio time.
    /// It cannot understand words, so it "transcribes" what it measured: <c>[speech 1.2 s]</c>.
    /// </summary>
    internal sealed class EmulatorEars
    {
        public const double HighStartThresholdDbfs = -40;
        public const double LowStartThresholdDbfs = -30;
        public const int HighPrefixMilliseconds = 40;
        public const int LowPrefixMilliseconds = 100;
        public const int HighSilenceMilliseconds = 500;
        public const int LowSilenceMilliseconds = 1000;

        private readonly bool _manual;
        private readonly double _threshold;
        private readonly TimeSpan _attack;
        private readonly TimeSpan _hangover;
        private EnergyVoiceDetector? _detector;
        private int _detectorRate;
        private bool _activityOpen;
        private long _activityAudioBytes;

        public EmulatorEars(LiveSetup setup)
        {
            AutomaticActivityDetection? vad = setup.RealtimeInputConfig?.AutomaticActivityDetection;
            _manual = vad?.Disabled == true;
            bool lowStart = string.Equals(vad?.StartOfSpeechSensitivity, "START_SENSITIVITY_LOW", StringComparison.Ordinal);
            bool lowEnd = string.Equals(vad?.EndOfSpeechSensitivity, "END_SENSITIVITY_LOW", StringComparison.Ordinal);
            _threshold = lowStart ? LowStartThresholdDbfs : HighStartThresholdDbfs;
            _attack = TimeSpan.FromMilliseconds(vad?.PrefixPaddingMs ?? (lowStart ? LowPrefixMilliseconds : HighPrefixMilliseconds));
            _hangover = TimeSpan.FromMilliseconds(vad?.SilenceDurationMs ?? (lowEnd ? LowSilenceMilliseconds : HighSilenceMilliseconds));
            TranscribeInput = setup.InputAudioTranscription != null;
        }

        /// <summary>Whether setup asked for <c>inputTranscription</c>.</summary>
        public bool TranscribeInput { get; }

        /// <summary>Hears one audio blob; returns the model input it causes, or null.</summary>
        public EmulatorModelInput? Hear(Blob audio)
        {
            if (audio.Data == null) return null;
            int rate = PcmFormat.FromMimeType(audio.MimeType, 16000).SampleRate;
            if (_detector == null || _detectorRate != rate)
            {
                _detector = new EnergyVoiceDetector(rate, _threshold, _attack, _hangover);
                _detectorRate = rate;
            }
            ReadOnlySpan<byte> pcm = audio.Data.Memory.Span;
            if (_manual)
            {
                // Manual activity: only audio between activityStart and activityEnd counts; the client decides the turn.
                if (!_activityOpen) return null;
                _activityAudioBytes += pcm.Length;
                _detector.Process(pcm);
                return null;
            }
            return _detector.Process(pcm) switch
            {
                VoiceTransition.SpeechStarted => EmulatorModelInput.ForSpeechStarted(),
                VoiceTransition.SpeechEnded => Turn(),
                _ => null,
            };
        }

        /// <summary><c>audioStreamEnd</c> (automatic mode): speech in progress ends now.</summary>
        public EmulatorModelInput? StreamEnded() => !_manual && _detector != null && _detector.ForceEnd() ? Turn() : null;

        /// <summary><c>activityStart</c> (manual mode): a new segment.</summary>
        public void ActivityStarted()
        {
            _activityOpen = true;
            _activityAudioBytes = 0;
            _detector = null;
        }

        /// <summary><c>activityEnd</c> (manual mode): the segment is a turn if it carried any audio.</summary>
        public EmulatorModelInput? ActivityEnded()
        {
            bool had = _activityOpen && _activityAudioBytes > 0;
            _activityOpen = false;
            if (!had || _detector == null) return null;
            _detector.ForceEnd();
            return Turn();
        }

        private EmulatorModelInput Turn()
        {
            double seconds = _detector!.SpeechMilliseconds / 1000.0;
            string transcript = "[speech " + seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s]";
            return EmulatorModelInput.ForSpeechTurn(transcript, TranscribeInput);
        }
    }
}
