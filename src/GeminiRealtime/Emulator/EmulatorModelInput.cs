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
        }

        public InputKind Kind { get; }

        public ClientContent? ClientContent { get; private set; }

        public string? Text { get; private set; }

        public ToolResponse? ToolResponse { get; private set; }

        public ContextUpdate? ContextUpdate { get; private set; }

        public static EmulatorModelInput ForClientContent(ClientContent content) => new EmulatorModelInput(InputKind.ClientContent) { ClientContent = content };

        public static EmulatorModelInput ForRealtimeText(string text) => new EmulatorModelInput(InputKind.RealtimeText) { Text = text };

        public static EmulatorModelInput ForActivityStart() => new EmulatorModelInput(InputKind.ActivityStart);

        public static EmulatorModelInput ForToolResponse(ToolResponse response) => new EmulatorModelInput(InputKind.ToolResponse) { ToolResponse = response };

        public static EmulatorModelInput ForContextUpdate(ContextUpdate update) => new EmulatorModelInput(InputKind.ContextUpdate) { ContextUpdate = update };
    }
}
