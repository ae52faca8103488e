using System;

namespace GeminiRealtime.Voice
{
    /// <summary>How the microphone is kept from hearing the speaker.</summary>
    public enum EchoMode
    {
        /// <summary>Mic always open: needs a headset or an echo-cancelled source (e.g. PulseAudio module-echo-cancel).</summary>
        FullDuplex,
        /// <summary>While the model speaks the mic sends silence, unless the user is louder than the barge-in threshold.</summary>
        HalfDuplex,
        /// <summary>
        /// Mic always open on an echo-cancelled pair the client set up for the conversation (Linux: PulseAudio/PipeWire
        /// module-echo-cancel, unloaded at the end). Behaves like <see cref="FullDuplex"/> here; recorded in the summary.
        /// </summary>
        EchoCancel,
    }

    /// <summary>Who decides when the user speaks.</summary>
    public enum ActivityMode
    {
        /// <summary>The service's VAD (automaticActivityDetection on); the client sends audioStreamEnd after a pause.</summary>
        Server,
        /// <summary>Manual activity: a local energy VAD sends activityStart/activityEnd (automaticActivityDetection.disabled).</summary>
        Client,
        /// <summary>Manual activity driven by the caller (push-to-talk): <see cref="VoiceConversation.SetTalking"/>.</summary>
        PushToTalk,
    }

    /// <summary>Settings of one voice conversation.</summary>
    public sealed class VoiceOptions
    {
        public ActivityMode Activity { get; set; } = ActivityMode.Server;
        public EchoMode Echo { get; set; } = EchoMode.HalfDuplex;
        /// <summary>Half-duplex: a mic frame at least this loud (dBFS) while the model speaks is let through (barge-in).</summary>
        public double BargeInThresholdDbfs { get; set; } = -30;
        /// <summary>Local speech threshold (dBFS): mic pause detection, client VAD, time-to-first-audio.</summary>
        public double SpeechThresholdDbfs { get; set; } = -45;
        /// <summary>Client VAD: voiced audio needed before activityStart.</summary>
        public TimeSpan PrefixPadding { get; set; } = TimeSpan.FromMilliseconds(40);
        /// <summary>Client VAD: silence before activityEnd.</summary>
        public TimeSpan SilenceDuration { get; set; } = TimeSpan.FromMilliseconds(500);
        /// <summary>Server VAD: silence after speech before audioStreamEnd is sent.</summary>
        public TimeSpan AudioStreamEndAfter { get; set; } = TimeSpan.FromSeconds(1);
        /// <summary>Jitter buffer: audio queued before playback starts.</summary>
        public TimeSpan PlaybackPrebuffer { get; set; } = TimeSpan.FromMilliseconds(60);
        /// <summary>Stop after this long (null = until stopped).</summary>
        public TimeSpan? Duration { get; set; }
        /// <summary>Stop when a turn's input transcription contains this phrase (case and punctuation ignored); null or "" = off.</summary>
        public string? StopPhrase { get; set; } = "stop listening";
        /// <summary>End once the input has ended (file input) and every reply has played.</summary>
        public bool EndWhenInputEnds { get; set; }
        /// <summary>How often a Level event is raised.</summary>
        public TimeSpan LevelInterval { get; set; } = TimeSpan.FromMilliseconds(100);
        /// <summary>Audio chunks allowed in flight to the socket; beyond that capture chunks are dropped (and counted).</summary>
        public int MaxChunksInFlight { get; set; } = 50;
    }
}
