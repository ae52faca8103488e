using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The proto shape of every client message type, derived once from the source-generated metadata
    /// (<see cref="ProtocolJsonContext"/>): which keys are fields (camelCase and snake_case), which values are
    /// messages, lists, maps, scalars or user data. <see cref="WireObject.AdditionalFields"/> is not a field.
    /// </summary>
    internal static class ProtoShapeCatalog
    {
        private static readonly Lazy<ProtoMessageShape> ClientMessageShape =
            new Lazy<ProtoMessageShape>(() => new Builder().Message(typeof(Protocol.ClientMessage)), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The shape of <c>BidiGenerateContentClientMessage</c>, the root of every client frame.</summary>
        public static ProtoMessageShape ClientMessage => ClientMessageShape.Value;

        // Proto message names where they differ from the C# class name (relative to the API package).
        private static readonly Dictionary<Type, string> ProtoMessageNames = new Dictionary<Type, string>
        {
            [typeof(Protocol.ClientMessage)] = "BidiGenerateContentClientMessage",
            [typeof(LiveSetup)] = "BidiGenerateContentSetup",
            [typeof(ClientContent)] = "BidiGenerateContentClientContent",
            [typeof(RealtimeInput)] = "BidiGenerateContentRealtimeInput",
            [typeof(ToolResponse)] = "BidiGenerateContentToolResponse",
            [typeof(ContextUpdate)] = "BidiGenerateContentContextUpdate",
            [typeof(ContextUpdateTools)] = "BidiGenerateContentContextUpdate.Tools",
            [typeof(GoogleSearch)] = "Tool.GoogleSearch",
            [typeof(SlidingWindow)] = "ContextWindowCompressionConfig.SlidingWindow",
        };

        // String fields that hold proto enum names: their type label in "Invalid value" texts.
        private static readonly Dictionary<(Type, string), string> EnumFields = new Dictionary<(Type, string), string>
        {
            [(typeof(GenerationConfig), "responseModalities")] = ProtoEnumNames.Modality,
            [(typeof(GenerationConfig), "mediaResolution")] = ProtoEnumNames.MediaResolution,
            [(typeof(ThinkingConfig), "thinkingLevel")] = ProtoEnumNames.ThinkingLevel,
            [(typeof(AutomaticActivityDetection), "startOfSpeechSensitivity")] = ProtoEnumNames.StartSensitivity,
            [(typeof(AutomaticActivityDetection), "endOfSpeechSensitivity")] = ProtoEnumNames.EndSensitivity,
            [(typeof(RealtimeInputConfig), "activityHandling")] = ProtoEnumNames.ActivityHandling,
            [(typeof(RealtimeInputConfig), "turnCoverage")] = ProtoEnumNames.TurnCoverage,
            [(typeof(FunctionDeclaration), "behavior")] = ProtoEnumNames.Behavior,
            [(typeof(Schema), "type")] = ProtoEnumNames.SchemaType,
            [(typeof(FunctionResponse), "scheduling")] = ProtoEnumNames.Scheduling,
            [(typeof(ExecutableCode), "language")] = ProtoEnumNames.Language,
            [(typeof(CodeExecutionResult), "outcome")] = ProtoEnumNames.Outcome,
        };

        // JsonElement fields that must be JSON objects (google.protobuf.Struct, or a message the emulator does not
        // model). Every other JsonElement field is a google.protobuf.Value: any JSON. Neither is walked: user data.
        private static readonly Dictionary<(Type, string), string> ObjectOnlyUserDataFields = new Dictionary<(Type, string), string>
        {
            [(typeof(FunctionResponse), "response")] = "google.protobuf.Struct",
            [(typeof(FunctionCall), "args")] = "google.protobuf.Struct",
            [(typeof(SpeechConfig), "multiSpeakerVoiceConfig")] = "MultiSpeakerVoiceConfig",
        };

        private sealed class Builder
        {
            private readonly Dictionary<Type, ProtoMessageShape> _messages = new Dictionary<Type, ProtoMessageShape>();

            public ProtoMessageShape Message(Type type)
            {
                if (_messages.TryGetValue(type, out ProtoMessageShape? known)) return known;

                JsonTypeInfo typeInfo = TypeInfo(type);
                if (typeInfo.Kind != JsonTypeInfoKind.Object)
                {
                    throw new InvalidOperationException($"{type.Name} is not a JSON object type ({typeInfo.Kind}).");
                }

                var shape = new ProtoMessageShape(type, ProtoMessageNames.TryGetValue(type, out string? protoName) ? protoName : type.Name);
                _messages.Add(type, shape); // before the fields: Schema holds Schema
                foreach (JsonPropertyInfo property in typeInfo.Properties)
                {
                    if (property.IsExtensionData) continue;
                    string protoFieldName = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
                    shape.AddField(new ProtoFieldShape(property.Name, protoFieldName, Value(property.PropertyType, type, property.Name)));
                }
                return shape;
            }

            private ProtoValueShape Value(Type propertyType, Type declaringType, string jsonName)
            {
                Type type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
                if (type == typeof(string))
                {
                    return new ProtoValueShape(ProtoValueKind.String, EnumFields.TryGetValue((declaringType, jsonName), out string? enumName) ? enumName : "TYPE_STRING");
                }
                if (type == typeof(bool)) return new ProtoValueShape(ProtoValueKind.Bool, "TYPE_BOOL");
                if (type == typeof(int)) return new ProtoValueShape(ProtoValueKind.Int32, "TYPE_INT32");
                if (type == typeof(long)) return new ProtoValueShape(ProtoValueKind.Int64, "TYPE_INT64");
                if (type == typeof(float)) return new ProtoValueShape(ProtoValueKind.Float, "TYPE_FLOAT");
                if (type == typeof(double)) return new ProtoValueShape(ProtoValueKind.Double, "TYPE_DOUBLE");
                if (type == typeof(Base64Data)) return new ProtoValueShape(ProtoValueKind.Bytes, "TYPE_BYTES");
                if (type == typeof(JsonElement))
                {
                    return ObjectOnlyUserDataFields.TryGetValue((declaringType, jsonName), out string? objectLabel)
                        ? new ProtoValueShape(ProtoValueKind.Struct, objectLabel)
                        : new ProtoValueShape(ProtoValueKind.Value, "google.protobuf.Value");
                }

                JsonTypeInfo typeInfo = TypeInfo(type);
                switch (typeInfo.Kind)
                {
                    case JsonTypeInfoKind.Object:
                    {
                        ProtoMessageShape message = Message(type);
                        return new ProtoValueShape(ProtoValueKind.Message, message.ProtoName, message);
                    }
                    case JsonTypeInfoKind.Enumerable:
                    {
                        ProtoValueShape element = Value(GenericArgument(type, 0), declaringType, jsonName);
                        return new ProtoValueShape(ProtoValueKind.Repeated, element.TypeLabel, element: element);
                    }
                    case JsonTypeInfoKind.Dictionary:
                    {
                        if (GenericArgument(type, 0) != typeof(string)) throw new InvalidOperationException($"{declaringType.Name}.{jsonName}: map keys must be strings.");
                        ProtoValueShape element = Value(GenericArgument(type, 1), declaringType, jsonName);
                        return new ProtoValueShape(ProtoValueKind.Map, element.TypeLabel, element: element);
                    }
                    default:
                        throw new InvalidOperationException($"{declaringType.Name}.{jsonName}: no proto shape for {type.FullName}.");
                }
            }

            private static JsonTypeInfo TypeInfo(Type type) =>
                ProtocolJsonContext.Default.GetTypeInfo(type)
                ?? throw new InvalidOperationException($"ProtocolJsonContext has no metadata for {type.FullName}.");

            private static Type GenericArgument(Type type, int index)
            {
                Type[] arguments = type.GetGenericArguments();
                if (arguments.Length <= index) throw new InvalidOperationException($"{type.FullName} is not a generic collection.");
                return arguments[index];
            }
        }
    }
}
