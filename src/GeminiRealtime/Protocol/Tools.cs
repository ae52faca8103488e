using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiRealtime.Protocol
{
    /// <summary>One entry of <c>setup.tools</c>: functions, Google Search or code execution.</summary>
    public sealed class Tool : WireObject
    {
        public List<FunctionDeclaration>? FunctionDeclarations { get; set; }
        public GoogleSearch? GoogleSearch { get; set; }
        public CodeExecution? CodeExecution { get; set; }
    }

    public sealed class GoogleSearch : WireObject
    {
    }

    public sealed class CodeExecution : WireObject
    {
    }

    public sealed class FunctionDeclaration : WireObject
    {
        /// <summary><c>[A-Za-z0-9_:.-]{1,64}</c>.</summary>
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Behavior { get; set; }
        public Schema? Parameters { get; set; }
        public JsonElement? ParametersJsonSchema { get; set; }
        public Schema? Response { get; set; }
        public JsonElement? ResponseJsonSchema { get; set; }
    }

    /// <summary>The OpenAPI subset the service accepts for function parameters. Other keys make it close with 1007.</summary>
    public sealed class Schema : WireObject
    {
        public string? Type { get; set; }
        public string? Format { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public bool? Nullable { get; set; }
        public List<string>? Enum { get; set; }
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? MaxItems { get; set; }
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? MinItems { get; set; }
        public Dictionary<string, Schema>? Properties { get; set; }
        public List<string>? Required { get; set; }
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? MinProperties { get; set; }
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? MaxProperties { get; set; }
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? MinLength { get; set; }
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? MaxLength { get; set; }
        public string? Pattern { get; set; }
        public JsonElement? Example { get; set; }
        public List<Schema>? AnyOf { get; set; }
        public List<string>? PropertyOrdering { get; set; }
        public JsonElement? Default { get; set; }
        public Schema? Items { get; set; }
        public double? Minimum { get; set; }
        public double? Maximum { get; set; }
    }
}
