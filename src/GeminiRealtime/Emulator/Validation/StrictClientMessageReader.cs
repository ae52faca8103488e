using System;
using System.IO;
using System.Text.Json;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Reads a client frame the way the service does: a proto JSON parser that accepts camelCase and snake_case
    /// field names (even mixed, protocol.md §2) and refuses everything else with 1007 (§12.3, §12.4). Unknown
    /// fields are never kept in <see cref="WireObject.AdditionalFields"/>: they close the connection.
    /// </summary>
    public static class StrictClientMessageReader
    {
        /// <summary>The API version named in type URLs of reasons when the caller does not say (the project default).</summary>
        public const string DefaultApiVersion = "v1beta";

        // The documents of Protocol.ProtocolJson allow 128 levels; deeply nested tool schemas need more than 64.
        private const int MaxDepth = 128;

        /// <summary>Reads one whole client message (all fragments joined). Throws only <see cref="EmulatorRejection"/>.</summary>
        public static ClientMessage Read(ReadOnlySpan<byte> utf8) => Read(utf8, DefaultApiVersion);

        /// <summary>As <see cref="Read(ReadOnlySpan{byte})"/>; <paramref name="apiVersion"/> (<c>v1beta</c>, <c>v1alpha</c>, <c>v1</c>) appears in type URLs of reasons.</summary>
        public static ClientMessage Read(ReadOnlySpan<byte> utf8, string apiVersion)
        {
            if (apiVersion == null) throw new ArgumentNullException(nameof(apiVersion));
            if (!Utf8Validation.IsValid(utf8)) throw ProtoJsonRejections.InvalidUtf8();

            using JsonDocument document = Parse(utf8);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw ProtoJsonRejections.RootNotMessage();

            var normalizer = new ProtoJsonNormalizer(apiVersion);
            normalizer.WalkMessage(root, ProtoShapeCatalog.ClientMessage, string.Empty, writer: null);
            RequireExactlyOneMessage(root);

            return normalizer.NeedsRewrite
                ? Deserialize(Normalize(root, apiVersion))
                : Deserialize(utf8);
        }

        private static JsonDocument Parse(ReadOnlySpan<byte> utf8)
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.ParseValue(ref reader);
                // Whitespace may follow the message; anything else may not.
                if (reader.Read()) throw new JsonException("Content follows the message.");
                return document;
            }
            catch (JsonException)
            {
                document?.Dispose();
                throw ProtoJsonRejections.UnexpectedToken();
            }
        }

        // BidiGenerateContentClientMessage is a oneof: exactly one of its members (a null member is not set).
        private static void RequireExactlyOneMessage(JsonElement root)
        {
            int setMembers = 0;
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Null) setMembers++;
            }
            if (setMembers != 1) throw ValidationRejections.NotExactlyOneMessage();
        }

        private static byte[] Normalize(JsonElement root, string apiVersion)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                var writingNormalizer = new ProtoJsonNormalizer(apiVersion);
                writingNormalizer.WalkMessage(root, ProtoShapeCatalog.ClientMessage, string.Empty, writer);
            }
            return buffer.ToArray();
        }

        private static ClientMessage Deserialize(ReadOnlySpan<byte> camelCaseJson)
        {
            try
            {
                return ProtocolJson.DeserializeClientMessage(camelCaseJson);
            }
            catch (JsonException ex)
            {
                // The walk accepts only what the wire types read; getting here is an emulator bug, reported in full.
                throw EmulatorRejection.InvalidArgument("Invalid JSON payload received. " + ex.Message);
            }
        }
    }
}
