using System;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GeminiRealtime.Protocol
{
    /// <summary>Encodes and decodes wire messages. One place owns the JSON options, so client and emulator agree.</summary>
    public static class ProtocolJson
    {
        // The service writes non-ASCII and quotes raw ("I'"), so relaxed escaping matches it byte for byte.
        private static readonly JsonSerializerOptions CompactOptions = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = ProtocolJsonContext.Default,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 128,
        };

        private static readonly JsonSerializerOptions PrettyOptions = new JsonSerializerOptions(CompactOptions) { WriteIndented = true };

        private static readonly ProtocolJsonContext Compact = new ProtocolJsonContext(CompactOptions);
        private static readonly ProtocolJsonContext Pretty = new ProtocolJsonContext(PrettyOptions);

        internal static ProtocolJsonContext Context => Compact;

        /// <summary>A client message as compact camelCase UTF-8 JSON (what the client puts in a text frame).</summary>
        public static byte[] SerializeClientMessage(ClientMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Compact.ClientMessage);

        public static ClientMessage DeserializeClientMessage(ReadOnlySpan<byte> utf8Json)
            => JsonSerializer.Deserialize(utf8Json, Compact.ClientMessage) ?? throw new JsonException("The message is JSON null.");

        /// <summary>Decodes one whole server message (all fragments joined). Audio payloads go to pooled buffers.</summary>
        public static ServerMessage DeserializeServerMessage(ReadOnlySpan<byte> utf8Json)
            => JsonSerializer.Deserialize(utf8Json, Compact.ServerMessage) ?? throw new JsonException("The message is JSON null.");

        public static byte[] SerializeServerMessageCompact(ServerMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Compact.ServerMessage);

        /// <summary>
        /// A server message exactly as the service frames it: 2-space pretty-printed camelCase JSON, <c>": "</c>,
        /// <c>\n</c> line ends and a trailing <c>\n</c>.
        /// </summary>
        public static byte[] SerializeServerMessagePretty(ServerMessage message)
        {
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(message, Pretty.ServerMessage);
            return NormalizeNewLines(json);
        }

        /// <summary>Pretty-prints a client message the way the C# SDK sends it (for tests and diagnostics).</summary>
        public static byte[] SerializeClientMessagePretty(ClientMessage message)
            => NormalizeNewLines(JsonSerializer.SerializeToUtf8Bytes(message, Pretty.ClientMessage));

        // Utf8JsonWriter uses Environment.NewLine on .NET 8; the service always writes "\n". JSON strings never
        // hold a raw CR, so dropping every CR is safe.
        private static byte[] NormalizeNewLines(byte[] json)
        {
            int crs = 0;
            foreach (byte b in json) if (b == (byte)'\r') crs++;
            byte[] result = new byte[json.Length - crs + 1];
            int at = 0;
            foreach (byte b in json) if (b != (byte)'\r') result[at++] = b;
            result[at] = (byte)'\n';
            return result;
        }
    }
}
