using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiRealtime.Protocol
{
    /// <summary>Source-generated (reflection-free) JSON metadata for every wire type. camelCase, nulls omitted.</summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(ClientMessage))]
    [JsonSerializable(typeof(ServerMessage))]
    [JsonSerializable(typeof(JsonElement))]
    [JsonSerializable(typeof(Dictionary<string, JsonElement>))]
    [JsonSerializable(typeof(string))]
    internal sealed partial class ProtocolJsonContext : JsonSerializerContext
    {
    }
}
