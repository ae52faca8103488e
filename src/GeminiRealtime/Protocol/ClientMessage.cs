using System.Collections.Generic;

namespace GeminiRealtime.Protocol
{
    /// <summary>
    /// A client → server message (BidiGenerateContentClientMessage). Exactly one member is set: two would break
    /// the proto <c>oneof</c>. Sent as camelCase JSON in a text frame.
    /// </summary>
    public sealed class ClientMessage : WireObject
    {
        public LiveSetup? Setup { get; set; }
        public ClientContent? ClientContent { get; set; }
        public RealtimeInput? RealtimeInput { get; set; }
        public ToolResponse? ToolResponse { get; set; }
        public ContextUpdate? ContextUpdate { get; set; }

        /// <summary>The names of the members that are set (camelCase), in proto order.</summary>
        public IEnumerable<string> PresentKinds()
        {
            if (Setup != null) yield return "setup";
            if (ClientContent != null) yield return "clientContent";
            if (RealtimeInput != null) yield return "realtimeInput";
            if (ToolResponse != null) yield return "toolResponse";
            if (ContextUpdate != null) yield return "contextUpdate";
        }
    }

    /// <summary><c>clientContent</c>: turns appended to the history; <c>turnComplete: true</c> starts generation.</summary>
    public sealed class ClientContent : WireObject
    {
        public List<Content>? Turns { get; set; }
        public bool? TurnComplete { get; set; }
    }

    /// <summary><c>realtimeInput</c>: one field per message, as every SDK sends it.</summary>
    public sealed class RealtimeInput : WireObject
    {
        /// <summary>Deprecated; never sent by this client (3.x closes with 1007).</summary>
        public List<Blob>? MediaChunks { get; set; }
        public Blob? Audio { get; set; }
        public bool? AudioStreamEnd { get; set; }
        public Blob? Video { get; set; }
        public string? Text { get; set; }
        public ActivityStart? ActivityStart { get; set; }
        public ActivityEnd? ActivityEnd { get; set; }
    }

    public sealed class ActivityStart : WireObject
    {
    }

    public sealed class ActivityEnd : WireObject
    {
    }

    /// <summary><c>toolResponse</c>: answers to function calls, matched by id.</summary>
    public sealed class ToolResponse : WireObject
    {
        public List<FunctionResponse>? FunctionResponses { get; set; }
    }

    /// <summary><c>contextUpdate</c> (3.8): changes instructions or tools mid-session. Only present fields change.</summary>
    public sealed class ContextUpdate : WireObject
    {
        public Content? SystemInstruction { get; set; }
        public ContextUpdateTools? Tools { get; set; }
    }

    public sealed class ContextUpdateTools : WireObject
    {
        public List<Tool>? Tools { get; set; }
    }
}
