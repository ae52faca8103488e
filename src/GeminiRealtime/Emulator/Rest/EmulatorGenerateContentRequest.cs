using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Models;

namespace GeminiRealtime.Emulator.Rest
{
    /// <summary>
    /// The body of REST <c>POST /{version}/models/{model}:generateContent</c>, Google's <c>GenerateContentRequest</c>,
    /// read as strictly as the service's proto-JSON parser: every field name must be known (its camelCase or its
    /// snake_case name), scalars must have their proto type (numbers may be quoted, bytes are base64, <c>null</c> means
    /// absent), and a repeated field also takes a single value (the service's parser accepts one). Then the service's
    /// semantic checks. <see cref="Parse"/> throws <see cref="FormatException"/> with the service's message (emulator
    /// wording where the service's is unknown) for anything it refuses; the router answers 400 INVALID_ARGUMENT.
    /// Fields checked by name: the request, <c>Content</c>, <c>Part</c>, <c>Blob</c> (inlineData), <c>GenerationConfig</c>,
    /// <c>ThinkingConfig</c>; the other messages (tools, toolConfig, safetySettings, fileData, functionCall, …) must be
    /// objects but their fields are not checked.
    /// </summary>
    internal sealed class EmulatorGenerateContentRequest
    {
        public const string ContentsNotSpecified = "* GenerateContentRequest.contents: contents is not specified\n";
        public const string InvalidRole = "Please use a valid role: user, model.";
        public const string ThinkingBudgetAndLevel = "You can only set only one of thinking budget and thinking level.";
        public const string ThinkingLevelNotSupported = "Thinking level is not supported for this model.";
        public const string ThinkingRequired = "Budget 0 is invalid. This model only works in thinking mode.";
        public const string UserRole = "user";
        public const string ModelRole = "model";

        private static readonly string[] PartDataFields = { "text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult" };
        private static readonly string[] ThinkingLevels = { "THINKING_LEVEL_UNSPECIFIED", "MINIMAL", "LOW", "MEDIUM", "HIGH" };

        private static readonly Dictionary<string, FieldRule[]> Messages = new Dictionary<string, FieldRule[]>(StringComparer.Ordinal)
        {
            ["GenerateContentRequest"] = new[]
            {
                FieldRule.Of("contents", ValueKind.Message, "Content", repeated: true),
                FieldRule.Of("systemInstruction", ValueKind.Message, "Content"),
                FieldRule.Of("generationConfig", ValueKind.Message, "GenerationConfig"),
                FieldRule.Of("safetySettings", ValueKind.Object, "SafetySetting", repeated: true),
                FieldRule.Of("tools", ValueKind.Object, "Tool", repeated: true),
                FieldRule.Of("toolConfig", ValueKind.Object, "ToolConfig"),
                FieldRule.Of("cachedContent", ValueKind.String),
                FieldRule.Of("model", ValueKind.String),
            },
            ["Content"] = new[]
            {
                FieldRule.Of("role", ValueKind.String),
                FieldRule.Of("parts", ValueKind.Message, "Part", repeated: true),
            },
            ["Part"] = new[]
            {
                FieldRule.Of("text", ValueKind.String),
                FieldRule.Of("inlineData", ValueKind.Message, "Blob"),
                FieldRule.Of("fileData", ValueKind.Object, "FileData"),
                FieldRule.Of("functionCall", ValueKind.Object, "FunctionCall"),
                FieldRule.Of("functionResponse", ValueKind.Object, "FunctionResponse"),
                FieldRule.Of("thought", ValueKind.Bool),
                FieldRule.Of("thoughtSignature", ValueKind.Bytes),
                FieldRule.Of("executableCode", ValueKind.Object, "ExecutableCode"),
                FieldRule.Of("codeExecutionResult", ValueKind.Object, "CodeExecutionResult"),
            },
            ["Blob"] = new[]
            {
                FieldRule.Of("mimeType", ValueKind.String),
                FieldRule.Of("data", ValueKind.Bytes),
            },
            ["GenerationConfig"] = new[]
            {
                FieldRule.Of("temperature", ValueKind.Float),
                FieldRule.Of("topP", ValueKind.Float),
                FieldRule.Of("topK", ValueKind.Int32),
                FieldRule.Of("candidateCount", ValueKind.Int32),
                FieldRule.Of("maxOutputTokens", ValueKind.Int32),
                FieldRule.Of("stopSequences", ValueKind.String, repeated: true),
                FieldRule.Of("presencePenalty", ValueKind.Float),
                FieldRule.Of("frequencyPenalty", ValueKind.Float),
                FieldRule.Of("seed", ValueKind.Int32),
                FieldRule.Of("responseMimeType", ValueKind.String),
                FieldRule.Of("responseSchema", ValueKind.Object, "Schema"),
                FieldRule.Of("responseJsonSchema", ValueKind.Any),
                FieldRule.Of("responseModalities", ValueKind.String, repeated: true),
                FieldRule.Of("thinkingConfig", ValueKind.Message, "ThinkingConfig"),
                FieldRule.Of("mediaResolution", ValueKind.String),
                FieldRule.Of("speechConfig", ValueKind.Object, "SpeechConfig"),
            },
            ["ThinkingConfig"] = new[]
            {
                FieldRule.Of("thinkingBudget", ValueKind.Int32),
                FieldRule.Of("thinkingLevel", ValueKind.String),
                FieldRule.Of("includeThoughts", ValueKind.Bool),
            },
        };

        private EmulatorGenerateContentRequest(IReadOnlyList<Turn> contents, IReadOnlyList<string> systemTexts, int maxOutputTokens)
        {
            Contents = contents;
            SystemText = string.Join("\n", systemTexts);
            PromptCharacters = systemTexts.Sum(t => t.Length) + contents.Sum(c => c.TextCharacters);
            MaxOutputTokens = maxOutputTokens;
        }

        /// <summary>The <c>contents</c> in order, each reduced to its role and the text of its parts.</summary>
        public IReadOnlyList<Turn> Contents { get; }

        /// <summary>The text parts of <c>systemInstruction</c> joined with newlines; empty when none.</summary>
        public string SystemText { get; }

        /// <summary><c>generationConfig.maxOutputTokens</c>; 0 when not given (no limit).</summary>
        public int MaxOutputTokens { get; }

        /// <summary>The text of the last content whose role is <c>user</c>; empty when there is none.</summary>
        public string LastUserText => Contents.LastOrDefault(c => c.Role == UserRole)?.Text ?? string.Empty;

        /// <summary>UTF-16 units of every text part of <c>systemInstruction</c> and <c>contents</c>.</summary>
        public int PromptCharacters { get; }

        /// <summary>
        /// Parses and checks a request body for <paramref name="model"/> on <paramref name="apiVersion"/> (v1beta, v1,
        /// v1alpha: it only names the proto types in messages). An empty body is an empty request.
        /// </summary>
        public static EmulatorGenerateContentRequest Parse(ReadOnlySpan<byte> body, TextModel model, string apiVersion)
        {
            JsonElement root = EmulatorRestBody.ParseObject(body, "Invalid JSON payload received. Unknown name \"\": Root element must be a message.");
            CheckMessage(root, "GenerateContentRequest", string.Empty, apiVersion);

            var turns = new List<Turn>();
            List<JsonElement> contents = Repeated(Field(root, "contents"));
            if (contents.Count == 0) throw new FormatException(ContentsNotSpecified);
            for (int i = 0; i < contents.Count; i++)
            {
                JsonElement content = contents[i];
                string role = Field(content, "role")?.GetString() ?? string.Empty;
                if (role.Length == 0) role = UserRole;
                if (role != UserRole && role != ModelRole) throw new FormatException(InvalidRole);
                List<JsonElement> parts = Repeated(Field(content, "parts"));
                if (parts.Count == 0)
                    throw new FormatException($"* GenerateContentRequest.contents[{i}].parts: contents.parts must not be empty.\n");
                for (int j = 0; j < parts.Count; j++) CheckPartData(parts[j], $"contents[{i}].parts[{j}]");
                turns.Add(new Turn(role, TextsOf(parts)));
            }

            JsonElement? system = Field(root, "systemInstruction");
            List<string> systemTexts = system.HasValue ? TextsOf(Repeated(Field(system.Value, "parts"))) : new List<string>();

            int maxOutputTokens = 0;
            JsonElement? config = Field(root, "generationConfig");
            if (config.HasValue) maxOutputTokens = CheckGenerationConfig(config.Value, model, apiVersion);
            return new EmulatorGenerateContentRequest(turns, systemTexts, maxOutputTokens);
        }

        /// <summary>The semantic checks of <c>generationConfig</c>; returns maxOutputTokens (0 = none).</summary>
        private static int CheckGenerationConfig(JsonElement config, TextModel model, string apiVersion)
        {
            const string Prefix = "* GenerateContentRequest.generation_config.";
            JsonElement? temperature = Field(config, "temperature");
            if (temperature.HasValue)
            {
                double value = Number(temperature.Value);
                if (!(value >= 0 && value <= 2))
                    throw new FormatException(Prefix + "temperature: temperature must be between 0.0 and 2.0 (inclusive), got " + temperature.Value.GetRawText() + ".\n");
            }
            JsonElement? candidates = Field(config, "candidateCount");
            if (candidates.HasValue && (Number(candidates.Value) < 0 || Number(candidates.Value) > 1))
                throw new FormatException(Prefix + "candidate_count: the emulator serves one candidate per request; candidate_count must be 1.\n");
            int maxOutputTokens = 0;
            JsonElement? max = Field(config, "maxOutputTokens");
            if (max.HasValue)
            {
                maxOutputTokens = (int)Number(max.Value);
                if (maxOutputTokens < 0) throw new FormatException(Prefix + "max_output_tokens: max_output_tokens must be positive.\n");
            }

            JsonElement? thinking = Field(config, "thinkingConfig");
            if (thinking.HasValue)
            {
                JsonElement? budget = Field(thinking.Value, "thinkingBudget");
                JsonElement? level = Field(thinking.Value, "thinkingLevel");
                if (level.HasValue)
                {
                    string name = level.Value.GetString()!;
                    if (!ThinkingLevels.Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        throw new FormatException(
                            $"Invalid value at 'generation_config.thinking_config.thinking_level' ({TypeName(apiVersion, "ThinkingConfig.ThinkingLevel")}), {level.Value.GetRawText()}");
                    }
                    if (budget.HasValue) throw new FormatException(ThinkingBudgetAndLevel);
                    if (model.Thinking != ThinkingSupport.Level) throw new FormatException(ThinkingLevelNotSupported);
                }
                if (budget.HasValue && (int)Number(budget.Value) == 0 && !model.ThinkingCanBeOff) throw new FormatException(ThinkingRequired);
            }
            return maxOutputTokens;
        }

        /// <summary>A part must set exactly one member of the <c>data</c> oneof.</summary>
        private static void CheckPartData(JsonElement part, string path)
        {
            string? set = null;
            foreach (JsonProperty property in part.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null) continue;
                FieldRule rule = Find("Part", property.Name)!;
                if (!PartDataFields.Contains(rule.Camel)) continue;
                if (set != null)
                    throw new FormatException($"Invalid JSON payload received. Oneof field 'data' is already set. Cannot set '{rule.Snake}'");
                set = rule.Camel;
            }
            if (set == null)
                throw new FormatException($"* GenerateContentRequest.{path}.data: required oneof field 'data' must have one initialized field\n");
        }

        /// <summary>Checks names and value types of an object against <paramref name="message"/>, recursively.</summary>
        private static void CheckMessage(JsonElement value, string message, string path, string apiVersion)
        {
            foreach (JsonProperty property in value.EnumerateObject())
            {
                FieldRule? rule = Find(message, property.Name);
                if (rule == null)
                {
                    throw new FormatException(path.Length == 0
                        ? $"Invalid JSON payload received. Unknown name \"{property.Name}\": Cannot find field."
                        : $"Invalid JSON payload received. Unknown name \"{property.Name}\" at '{path}': Cannot find field.");
                }
                if (property.Value.ValueKind == JsonValueKind.Null) continue;
                string fieldPath = path.Length == 0 ? rule.Snake : path + "." + rule.Snake;
                if (!rule.Repeated) CheckValue(property.Value, rule, fieldPath, apiVersion);
                else if (property.Value.ValueKind != JsonValueKind.Array) CheckValue(property.Value, rule, fieldPath + "[0]", apiVersion);
                else
                {
                    int index = 0;
                    foreach (JsonElement item in property.Value.EnumerateArray())
                        CheckValue(item, rule, fieldPath + "[" + (index++).ToString(CultureInfo.InvariantCulture) + "]", apiVersion);
                }
            }
        }

        private static void CheckValue(JsonElement value, FieldRule rule, string path, string apiVersion)
        {
            bool valid;
            string type;
            switch (rule.Kind)
            {
                case ValueKind.String:
                    type = "TYPE_STRING";
                    valid = value.ValueKind == JsonValueKind.String;
                    break;
                case ValueKind.Bool:
                    type = "TYPE_BOOL";
                    valid = value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False;
                    break;
                case ValueKind.Int32:
                    type = "TYPE_INT32";
                    valid = TryInt32(value, out _);
                    break;
                case ValueKind.Float:
                    type = "TYPE_FLOAT";
                    valid = TryDouble(value, out _);
                    break;
                case ValueKind.Bytes:
                    if (value.ValueKind == JsonValueKind.String && !ProtoJsonNormalizer.IsProtoBase64(value.GetString()!))
                        throw new FormatException($"Invalid value at '{path}' (TYPE_BYTES), Base64 decoding failed for {value.GetRawText()}");
                    type = "TYPE_BYTES";
                    valid = value.ValueKind == JsonValueKind.String;
                    break;
                case ValueKind.Message:
                    type = TypeName(apiVersion, rule.Message!);
                    valid = value.ValueKind == JsonValueKind.Object;
                    if (valid) CheckMessage(value, rule.Message!, path, apiVersion);
                    break;
                case ValueKind.Object:
                    type = TypeName(apiVersion, rule.Message!);
                    valid = value.ValueKind == JsonValueKind.Object;
                    break;
                default:
                    return; // Any: a google.protobuf.Value takes every JSON value
            }
            if (!valid) throw new FormatException($"Invalid value at '{path}' ({type}), {value.GetRawText()}");
        }

        private static string TypeName(string apiVersion, string message) => "type.googleapis.com/google.ai.generativelanguage." + apiVersion + "." + message;

        private static FieldRule? Find(string message, string name) =>
            Messages[message].FirstOrDefault(f => string.Equals(f.Camel, name, StringComparison.Ordinal) || string.Equals(f.Snake, name, StringComparison.Ordinal));

        /// <summary>The value of a known field of a checked object (camelCase or snake_case name), null when absent or null.</summary>
        private static JsonElement? Field(JsonElement value, string camel)
        {
            if (value.ValueKind != JsonValueKind.Object) return null;
            string snake = FieldRule.ToSnakeCase(camel);
            JsonElement? found = null;
            foreach (JsonProperty property in value.EnumerateObject())
            {
                if ((property.Name == camel || property.Name == snake) && property.Value.ValueKind != JsonValueKind.Null) found = property.Value;
            }
            return found;
        }

        /// <summary>A checked repeated value as a list (a single value is a list of one).</summary>
        private static List<JsonElement> Repeated(JsonElement? value)
        {
            if (!value.HasValue) return new List<JsonElement>();
            return value.Value.ValueKind == JsonValueKind.Array ? value.Value.EnumerateArray().ToList() : new List<JsonElement> { value.Value };
        }

        private static List<string> TextsOf(List<JsonElement> parts) =>
            parts.Select(p => Field(p, "text")).Where(t => t.HasValue).Select(t => t!.Value.GetString()!).ToList();

        /// <summary>A number already checked by <see cref="CheckValue"/>.</summary>
        private static double Number(JsonElement value) => TryDouble(value, out double number) ? number : throw new InvalidOperationException("Unchecked number: " + value.GetRawText());

        private static bool TryInt32(JsonElement value, out int number)
        {
            if (value.ValueKind == JsonValueKind.Number) return value.TryGetInt32(out number);
            number = 0;
            return value.ValueKind == JsonValueKind.String
                && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
        }

        private static bool TryDouble(JsonElement value, out double number)
        {
            if (value.ValueKind == JsonValueKind.Number) return value.TryGetDouble(out number);
            number = 0;
            if (value.ValueKind != JsonValueKind.String) return false;
            string text = value.GetString()!;
            switch (text)
            {
                case "NaN": number = double.NaN; return true;
                case "Infinity": number = double.PositiveInfinity; return true;
                case "-Infinity": number = double.NegativeInfinity; return true;
                default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            }
        }

        /// <summary>One content of the request: its role (<c>user</c> when absent) and its parts' text joined with newlines.</summary>
        internal sealed class Turn
        {
            public Turn(string role, IReadOnlyList<string> texts)
            {
                Role = role;
                Text = string.Join("\n", texts);
                TextCharacters = texts.Sum(t => t.Length);
            }

            public string Role { get; }

            public string Text { get; }

            /// <summary>UTF-16 units of the text parts alone (without the joining newlines).</summary>
            public int TextCharacters { get; }
        }

        private enum ValueKind
        {
            String,
            Bool,
            Int32,
            Float,
            Bytes,
            /// <summary>A message whose fields are checked (<see cref="FieldRule.Message"/> names it).</summary>
            Message,
            /// <summary>A message that must be an object; its fields are not checked.</summary>
            Object,
            /// <summary>Any JSON value (google.protobuf.Value).</summary>
            Any,
        }

        private sealed class FieldRule
        {
            private FieldRule(string camel, ValueKind kind, string? message, bool repeated)
            {
                Camel = camel;
                Snake = ToSnakeCase(camel);
                Kind = kind;
                Message = message;
                Repeated = repeated;
            }

            public string Camel { get; }

            public string Snake { get; }

            public ValueKind Kind { get; }

            public string? Message { get; }

            public bool Repeated { get; }

            public static FieldRule Of(string camel, ValueKind kind, string? message = null, bool repeated = false) => new FieldRule(camel, kind, message, repeated);

            public static string ToSnakeCase(string camel)
            {
                var builder = new StringBuilder(camel.Length + 4);
                foreach (char c in camel)
                {
                    if (char.IsUpper(c)) builder.Append('_').Append(char.ToLowerInvariant(c));
                    else builder.Append(c);
                }
                return builder.ToString();
            }
        }
    }
}
