using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiRealtime.Protocol
{
    /// <summary>
    /// A server → client message (BidiGenerateContentServerMessage). Usually one member is set, plus
    /// <see cref="UsageMetadata"/>; unknown top-level messages land in <see cref="WireObject.AdditionalFields"/>.
    /// Members are declared in proto field order, which is the order the service writes them in.
    /// </summary>
    public sealed class ServerMessage : WireObject, IDisposable
    {
        public SetupComplete? SetupComplete { get; set; }
        public ServerContent? ServerContent { get; set; }
        public ToolCall? ToolCall { get; set; }
        public ToolCallCancellation? ToolCallCancellation { get; set; }
        public GoAway? GoAway { get; set; }
        public SessionResumptionUpdate? SessionResumptionUpdate { get; set; }
        public VoiceActivity? VoiceActivity { get; set; }
        public UsageMetadata? UsageMetadata { get; set; }

        /// <summary>When the message arrived (set by the receive loop; not on the wire).</summary>
        [JsonIgnore]
        public DateTimeOffset ReceivedAt { get; set; }

        /// <summary>Size of the frame on the wire in bytes (set by the receive loop; not on the wire).</summary>
        [JsonIgnore]
        public int WireBytes { get; set; }

        /// <summary>
        /// Set only on messages made up on the client by <c>GeminiConversation</c> (never on the wire): see
        /// <see cref="LocalSignals"/>. Null for every message the service sent.
        /// </summary>
        [JsonIgnore]
        public string? LocalSignal { get; set; }

        /// <summary>
        /// Set by <c>GeminiConversation</c> (never on the wire) on the messages of a turn the model speaks about the result
        /// of a NON_BLOCKING tool (scheduling WHEN_IDLE or INTERRUPT): that turn answers no user turn.
        /// </summary>
        [JsonIgnore]
        public bool ToolResultTurn { get; set; }

        /// <summary>A short name for what this message is, for logs and <c>Receive-GeminiMessage</c>.</summary>
        [JsonIgnore]
        public string Kind
        {
            get
            {
                if (LocalSignal != null) return LocalSignal;
                if (SetupComplete != null) return "setupComplete";
                if (ServerContent != null) return "serverContent";
                if (ToolCall != null) return "toolCall";
                if (ToolCallCancellation != null) return "toolCallCancellation";
                if (GoAway != null) return "goAway";
                if (SessionResumptionUpdate != null) return "sessionResumptionUpdate";
                if (VoiceActivity != null) return "voiceActivity";
                if (AdditionalFields != null && AdditionalFields.Count > 0)
                {
                    foreach (string key in AdditionalFields.Keys) return key;
                }
                if (UsageMetadata != null) return "usageMetadata";
                return "empty";
            }
        }

        /// <summary>Returns pooled audio buffers of this message.</summary>
        public void Dispose()
        {
            List<Part>? parts = ServerContent?.ModelTurn?.Parts;
            if (parts == null) return;
            foreach (Part part in parts) part.InlineData?.Data?.Dispose();
        }
    }

    /// <summary><c>setupComplete</c>: <c>{}</c>; Vertex AI adds a session id.</summary>
    public sealed class SetupComplete : WireObject
    {
        public string? SessionId { get; set; }
    }

    /// <summary><c>serverContent</c>: model output and turn signals. One message may carry several fields.</summary>
    public sealed class ServerContent : WireObject
    {
        public Content? ModelTurn { get; set; }
        public bool? TurnComplete { get; set; }
        public bool? Interrupted { get; set; }
        public GroundingMetadata? GroundingMetadata { get; set; }
        public bool? GenerationComplete { get; set; }
        public Transcription? InputTranscription { get; set; }
        public Transcription? OutputTranscription { get; set; }
        public JsonElement? UrlContextMetadata { get; set; }
        public string? TurnCompleteReason { get; set; }
        public bool? WaitingForInput { get; set; }
    }

    /// <summary>A transcription delta: <c>{text?, finished?}</c>, possibly empty.</summary>
    public sealed class Transcription : WireObject
    {
        public string? Text { get; set; }
        public bool? Finished { get; set; }
    }

    public sealed class ToolCall : WireObject
    {
        public List<FunctionCall>? FunctionCalls { get; set; }
    }

    public sealed class ToolCallCancellation : WireObject
    {
        public List<string>? Ids { get; set; }
    }

    /// <summary><c>goAway</c>: the connection ends after <see cref="TimeLeft"/> (a proto Duration such as <c>"50s"</c>).</summary>
    public sealed class GoAway : WireObject
    {
        public string? TimeLeft { get; set; }

        [JsonIgnore]
        public TimeSpan? TimeLeftSpan => ProtoDuration.TryParse(TimeLeft, out TimeSpan value) ? value : (TimeSpan?)null;
    }

    public sealed class SessionResumptionUpdate : WireObject
    {
        public string? NewHandle { get; set; }
        public bool? Resumable { get; set; }
        /// <summary>Vertex AI only.</summary>
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? LastConsumedClientMessageIndex { get; set; }
    }

    /// <summary>Newer models report voice activity; kept so it is typed rather than raw.</summary>
    public sealed class VoiceActivity : WireObject
    {
        public string? VoiceActivityType { get; set; }
    }

    public sealed class UsageMetadata : WireObject
    {
        public int? PromptTokenCount { get; set; }
        public int? CachedContentTokenCount { get; set; }
        public int? ResponseTokenCount { get; set; }
        public int? ToolUsePromptTokenCount { get; set; }
        public int? ThoughtsTokenCount { get; set; }
        public int? TotalTokenCount { get; set; }
        public List<ModalityTokenCount>? PromptTokensDetails { get; set; }
        public List<ModalityTokenCount>? CacheTokensDetails { get; set; }
        public List<ModalityTokenCount>? ResponseTokensDetails { get; set; }
        public List<ModalityTokenCount>? ToolUsePromptTokensDetails { get; set; }
        /// <summary>Vertex AI's name for <see cref="ResponseTokenCount"/>.</summary>
        public int? CandidatesTokenCount { get; set; }
        public List<ModalityTokenCount>? CandidatesTokensDetails { get; set; }
    }

    public sealed class ModalityTokenCount : WireObject
    {
        public string? Modality { get; set; }
        public int? TokenCount { get; set; }
    }

    public sealed class GroundingMetadata : WireObject
    {
        public List<string>? WebSearchQueries { get; set; }
        public List<GroundingChunk>? GroundingChunks { get; set; }
        public List<JsonElement>? GroundingSupports { get; set; }
        public SearchEntryPoint? SearchEntryPoint { get; set; }
    }

    public sealed class GroundingChunk : WireObject
    {
        public WebSource? Web { get; set; }
    }

    public sealed class WebSource : WireObject
    {
        public string? Uri { get; set; }
        public string? Title { get; set; }
        public string? Domain { get; set; }
    }

    public sealed class SearchEntryPoint : WireObject
    {
        public string? RenderedContent { get; set; }
    }

    /// <summary>Values of <see cref="ServerMessage.LocalSignal"/>.</summary>
    public static class LocalSignals
    {
        /// <summary>The connection died mid-turn and the turn was sent again: forget the partial answer received so far.</summary>
        public const string TurnRestarted = "turnRestarted";

        /// <summary>The connection died mid-turn and the turn could not be sent again (its tool calls already ran): it ends here, interrupted.</summary>
        public const string TurnLost = "turnLost";
    }
}
