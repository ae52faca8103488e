using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiRealtime.Protocol
{
    /// <summary>Every wire type keeps fields it does not know, so newer service fields survive and are never fatal.</summary>
    public abstract class WireObject
    {
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
    }

    /// <summary>A <c>Content</c>: a role and its parts (client turns, model turns, system instructions).</summary>
    public sealed class Content : WireObject
    {
        // Vertex writes role before parts (sample 12); the Gemini API omits role.
        public string? Role { get; set; }
        public List<Part>? Parts { get; set; }

        public static Content FromText(string text, string? role = null)
            => new Content { Role = role, Parts = new List<Part> { new Part { Text = text } } };
    }

    /// <summary>One part of a <see cref="Content"/>; exactly one data field is set (in proto field order).</summary>
    public sealed class Part : WireObject
    {
        public string? Text { get; set; }
        public Blob? InlineData { get; set; }
        public FunctionCall? FunctionCall { get; set; }
        public FunctionResponse? FunctionResponse { get; set; }
        public FileData? FileData { get; set; }
        public ExecutableCode? ExecutableCode { get; set; }
        public CodeExecutionResult? CodeExecutionResult { get; set; }
        /// <summary>A thought summary: never shown or spoken.</summary>
        public bool? Thought { get; set; }
        public Base64Data? ThoughtSignature { get; set; }
    }

    /// <summary>Inline media: <c>{mimeType, data}</c>, data as base64 bytes.</summary>
    public sealed class Blob : WireObject
    {
        public string? MimeType { get; set; }
        public Base64Data? Data { get; set; }
    }

    public sealed class FileData : WireObject
    {
        public string? MimeType { get; set; }
        public string? FileUri { get; set; }
    }

    /// <summary>A call the model makes. Proto field order (as the service writes it): name, args, id.</summary>
    public sealed class FunctionCall : WireObject
    {
        public string? Name { get; set; }
        public JsonElement? Args { get; set; }
        public string? Id { get; set; }
    }

    public sealed class FunctionResponse : WireObject
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        /// <summary><c>{"output": …}</c> or <c>{"error": "…"}</c>.</summary>
        public JsonElement? Response { get; set; }
        public bool? WillContinue { get; set; }
        /// <summary><see cref="FunctionResponseScheduling"/>; only for NON_BLOCKING functions.</summary>
        public string? Scheduling { get; set; }
    }

    public sealed class ExecutableCode : WireObject
    {
        public string? Language { get; set; }
        public string? Code { get; set; }
    }

    public sealed class CodeExecutionResult : WireObject
    {
        public string? Outcome { get; set; }
        public string? Output { get; set; }
    }
}
