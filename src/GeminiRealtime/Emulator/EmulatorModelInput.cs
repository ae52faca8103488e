using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>What the session's reader hands the deterministic model, in arrival order (one kind per instance).</summary>
    internal sealed class EmulatorModelInput
    {
        private EmulatorModelInput(InputKind kind)
        {
            Kind = kind;
        }

        public enum InputKind
        {
            /// <summary><c>clientContent</c>: always interrupts; starts a turn when <c>turnComplete</c> is true.</summary>
            ClientContent,
            /// <summary><c>realtimeInput.text</c>: a user turn; interrupts under START_OF_ACTIVITY_INTERRUPTS.</summary>
            RealtimeText,
            /// <summary><c>realtimeInput.activityStart</c> (manual VAD): interrupts under START_OF_ACTIVITY_INTERRUPTS.</summary>
            ActivityStart,
            /// <summary><c>toolResponse</c>: answers pending function calls.</summary>
            ToolResponse,
            /// <summary><c>contextUpdate</c>: replaces the declared tools when its <c>tools</c> wrapper is present.</summary>
            ContextUpdate,
            /// <summary><c>realtimeInput.video</c>: becomes the latest frame the model "sees" (no turn).</summary>
            VideoFrame,
            /// <summary>The ears heard speech begin (automatic activity detection): interrupts under START_OF_ACTIVITY_INTERRUPTS.</summary>
            SpeechStarted,
            /// <summary>The ears heard a complete utterance: a user turn whose text is <see cref="Text"/> ("[speech 1.2 s]").</summary>
            SpeechTurn,
        }

        public InputKind Kind { get; }

        public ClientContent? ClientContent { get; private set; }

        public string? Text { get; private set; }

        public ToolResponse? ToolResponse { get; private set; }

        public ContextUpdate? ContextUpdate { get; private set; }

        public EmulatorVideoFrame? VideoFrame { get; private set; }

        public static EmulatorModelInput ForClientContent(ClientContent content) => new EmulatorModelInput(InputKind.ClientContent) { ClientContent = content };

        public static EmulatorModelInput ForRealtimeText(string text) => new EmulatorModelInput(InputKind.RealtimeText) { Text = text };

        public static EmulatorModelInput ForActivityStart() => new EmulatorModelInput(InputKind.ActivityStart);

        public static EmulatorModelInput ForToolResponse(ToolResponse response) => new EmulatorModelInput(InputKind.ToolResponse) { ToolResponse = response };

        /// <summary>Whether a <see cref="InputKind.SpeechTurn"/> sends its text as <c>inputTranscription</c>.</summary>
        public bool Transcribe { get; private set; }

        public static EmulatorModelInput ForSpeechStarted() => new EmulatorModelInput(InputKind.SpeechStarted);

        public static EmulatorModelInput ForSpeechTurn(string transcript, bool transcribe) => new EmulatorModelInput(InputKind.SpeechTurn) { Text = transcript, Transcribe = transcribe };

        public static EmulatorModelInput ForContextUpdate(ContextUpdate update) => new EmulatorModelInput(InputKind.ContextUpdate) { ContextUpdate = update };

        public static EmulatorModelInput ForVideoFrame(EmulatorVideoFrame frame) => new EmulatorModelInput(InputKind.VideoFrame) { VideoFrame = frame };
    }
}
