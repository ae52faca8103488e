using System.Text;
using GeminiRealtime.Emulator.Rest;
using GeminiRealtime.Models;

namespace GeminiRealtime.Tests.Emulator.Rest;

/// <summary>The generateContent body checks, called directly: names, types, the service's semantic rules.</summary>
public class EmulatorGenerateContentRequestTests
{
    private static readonly TextModel Flash = TextModelCatalog.Find("gemini-2.5-flash")!;
    private static readonly TextModel Pro25 = TextModelCatalog.Find("gemini-2.5-pro")!;
    private static readonly TextModel Pro3 = TextModelCatalog.Find("gemini-3-pro-preview")!;

    private static EmulatorGenerateContentRequest Parse(string json, TextModel? model = null) =>
        EmulatorGenerateContentRequest.Parse(Encoding.UTF8.GetBytes(json), model ?? Flash, "v1beta");

    private static string Refusal(string json, TextModel? model = null) => Assert.Throws<FormatException>(() => Parse(json, model)).Message;

    private static string User(string partsJson) => "{\"contents\":[{\"role\":\"user\",\"parts\":" + partsJson + "}]";

    [Fact]
    public void Contents_AreReducedToRolesAndText_TheLastUserTextWins()
    {
        EmulatorGenerateContentRequest request = Parse(
            "{\"system_instruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},\"contents\":["
            + "{\"parts\":[{\"text\":\"first\"}]},"
            + "{\"role\":\"model\",\"parts\":[{\"text\":\"reply\"}]},"
            + "{\"role\":\"user\",\"parts\":[{\"text\":\"line one\"},{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"AAEC\"}},{\"text\":\"line two\"}]},"
            + "{\"role\":\"model\",\"parts\":{\"text\":\"prefill\"}}]}");
        Assert.Equal(new[] { "user", "model", "user", "model" }, request.Contents.Select(c => c.Role));
        Assert.Equal("line one\nline two", request.LastUserText);
        Assert.Equal("Be brief.", request.SystemText);
        Assert.Equal("Be brief.".Length + "firstreplyline oneline twoprefill".Length, request.PromptCharacters);
        Assert.Equal(0, request.MaxOutputTokens);
    }

    [Fact]
    public void EveryListedField_IsAccepted_InCamelAndSnakeCase()
    {
        const string Camel = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\",\"thought\":false,\"thoughtSignature\":\"c2ln\"},"
            + "{\"fileData\":{\"fileUri\":\"gs://x\"}},{\"functionCall\":{\"name\":\"f\"}},{\"functionResponse\":{\"name\":\"f\"}},"
            + "{\"executableCode\":{}},{\"codeExecutionResult\":{}}]}],"
            + "\"systemInstruction\":{\"parts\":[{\"text\":\"s\"}]},\"safetySettings\":[{}],\"tools\":[{}],\"toolConfig\":{},"
            + "\"cachedContent\":\"cachedContents/1\",\"model\":\"models/gemini-2.5-flash\","
            + "\"generationConfig\":{\"temperature\":0.5,\"topP\":\"0.9\",\"topK\":40,\"candidateCount\":1,\"maxOutputTokens\":\"64\","
            + "\"stopSequences\":[\"END\"],\"presencePenalty\":0,\"frequencyPenalty\":0.1,\"seed\":7,\"responseMimeType\":\"text/plain\","
            + "\"responseSchema\":{},\"responseJsonSchema\":true,\"responseModalities\":[\"TEXT\"],"
            + "\"thinkingConfig\":{\"thinkingBudget\":1024,\"includeThoughts\":true},\"mediaResolution\":\"MEDIA_RESOLUTION_LOW\",\"speechConfig\":{}}}";
        Assert.Equal(64, Parse(Camel).MaxOutputTokens);

        string snake = Camel;
        foreach ((string camel, string underscored) in new[]
        {
            ("thoughtSignature", "thought_signature"), ("fileData", "file_data"), ("fileUri", "fileUri"), ("functionCall", "function_call"),
            ("functionResponse", "function_response"), ("executableCode", "executable_code"), ("codeExecutionResult", "code_execution_result"),
            ("systemInstruction", "system_instruction"), ("safetySettings", "safety_settings"), ("toolConfig", "tool_config"),
            ("cachedContent", "cached_content"), ("generationConfig", "generation_config"), ("topP", "top_p"), ("topK", "top_k"),
            ("candidateCount", "candidate_count"), ("maxOutputTokens", "max_output_tokens"), ("stopSequences", "stop_sequences"),
            ("presencePenalty", "presence_penalty"), ("frequencyPenalty", "frequency_penalty"), ("responseMimeType", "response_mime_type"),
            ("responseSchema", "response_schema"), ("responseJsonSchema", "response_json_schema"), ("responseModalities", "response_modalities"),
            ("thinkingConfig", "thinking_config"), ("thinkingBudget", "thinking_budget"), ("includeThoughts", "include_thoughts"),
            ("mediaResolution", "media_resolution"), ("speechConfig", "speech_config"),
        })
        {
            snake = snake.Replace("\"" + camel + "\"", "\"" + underscored + "\"");
        }
        Assert.Contains("\"max_output_tokens\"", snake);
        Assert.Equal(64, Parse(snake).MaxOutputTokens);
    }

    [Theory]
    [InlineData("{\"content\":[]}", "Invalid JSON payload received. Unknown name \"content\": Cannot find field.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\",\"txt\":\"b\"}]}]}", "Invalid JSON payload received. Unknown name \"txt\" at 'contents[0].parts[0]': Cannot find field.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}],\"Role\":\"user\"}]}", "Invalid JSON payload received. Unknown name \"Role\" at 'contents[0]': Cannot find field.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"max_tokens\":5}}", "Invalid JSON payload received. Unknown name \"max_tokens\" at 'generation_config': Cannot find field.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generation_config\":{\"thinking_config\":{\"budget\":5}}}", "Invalid JSON payload received. Unknown name \"budget\" at 'generation_config.thinking_config': Cannot find field.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"bytes\":\"AA==\"}}]}]}", "Invalid JSON payload received. Unknown name \"bytes\" at 'contents[0].parts[0].inline_data': Cannot find field.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]},{\"parts\":[{\"text\":\"b\"},{\"text\":\"c\",\"x\":1}]}]}", "Invalid JSON payload received. Unknown name \"x\" at 'contents[1].parts[1]': Cannot find field.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"maxOutputTokens\":5}", "Invalid JSON payload received. Unknown name \"maxOutputTokens\": Cannot find field.")]
    public void UnknownNames_AreRefusedWithTheirPath(string json, string message)
    {
        Assert.Equal(message, Refusal(json));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData("{\"contents\":[]}")]
    [InlineData("{\"contents\":null}")]
    [InlineData("{\"systemInstruction\":{\"parts\":[{\"text\":\"s\"}]}}")]
    public void MissingOrEmptyContents_AreNotSpecified(string json)
    {
        Assert.Equal("* GenerateContentRequest.contents: contents is not specified\n", Refusal(json));
    }

    [Theory]
    [InlineData("system")]
    [InlineData("User")]
    [InlineData("assistant")]
    [InlineData("function")]
    public void RolesOtherThanUserOrModel_AreRefused(string role)
    {
        Assert.Equal("Please use a valid role: user, model.", Refusal("{\"contents\":[{\"role\":\"" + role + "\",\"parts\":[{\"text\":\"a\"}]}]}"));
    }

    [Fact]
    public void EmptyOrAbsentRole_IsUser()
    {
        EmulatorGenerateContentRequest request = Parse("{\"contents\":[{\"role\":\"\",\"parts\":[{\"text\":\"a\"}]},{\"parts\":[{\"text\":\"b\"}]}]}");
        Assert.All(request.Contents, c => Assert.Equal("user", c.Role));
    }

    [Theory]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}", 0)]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\"}]}", 1)]
    public void EmptyParts_AreRefusedWithTheContentIndex(string json, int index)
    {
        Assert.Equal($"* GenerateContentRequest.contents[{index}].parts: contents.parts must not be empty.\n", Refusal(json));
    }

    [Theory]
    [InlineData("{\"contents\":{\"parts\":[{\"text\":\"a\"}]},\"generationConfig\":{\"temperature\":2.01}}")]
    [InlineData("{\"contents\":{\"parts\":[{\"text\":\"a\"}]},\"generationConfig\":{\"temperature\":-0.1}}")]
    [InlineData("{\"contents\":{\"parts\":[{\"text\":\"a\"}]},\"generationConfig\":{\"temperature\":\"NaN\"}}")]
    public void TemperatureOutsideZeroToTwo_IsRefused(string json)
    {
        Assert.StartsWith("* GenerateContentRequest.generation_config.temperature: temperature must be between 0.0 and 2.0", Refusal(json));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void TemperatureBounds_AreAccepted(double temperature)
    {
        Parse("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"temperature\":" + temperature.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(-1, false)]
    public void CandidateCount_OnlyOneIsServed(int count, bool accepted)
    {
        string json = "{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"candidateCount\":" + count + "}}";
        if (accepted) Parse(json);
        else Assert.StartsWith("* GenerateContentRequest.generation_config.candidate_count:", Refusal(json));
    }

    [Theory]
    [InlineData("{\"contents\":\"hello\"}", "Invalid value at 'contents[0]' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), \"hello\"")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":5}]}]}", "Invalid value at 'contents[0].parts[0].text' (TYPE_STRING), 5")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\",\"thought\":\"yes\"}]}]}", "Invalid value at 'contents[0].parts[0].thought' (TYPE_BOOL), \"yes\"")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"temperature\":\"hot\"}}", "Invalid value at 'generation_config.temperature' (TYPE_FLOAT), \"hot\"")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"maxOutputTokens\":1.5}}", "Invalid value at 'generation_config.max_output_tokens' (TYPE_INT32), 1.5")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"tools\":[\"search\"]}", "Invalid value at 'tools[0]' (type.googleapis.com/google.ai.generativelanguage.v1beta.Tool), \"search\"")]
    [InlineData("{\"contents\":[{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"!!\"}}]}]}", "Invalid value at 'contents[0].parts[0].inline_data.data' (TYPE_BYTES), Base64 decoding failed for \"!!\"")]
    public void WrongValueTypes_AreRefused(string json, string message)
    {
        Assert.Equal(message, Refusal(json));
    }

    [Theory]
    [InlineData("{\"contents\":[{\"parts\":[{\"thought\":true}]}]}", "* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one initialized field\n")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\",\"inline_data\":{\"data\":\"AA==\"}}]}]}", "Invalid JSON payload received. Oneof field 'data' is already set. Cannot set 'inline_data'")]
    public void APart_CarriesExactlyOneKindOfData(string json, string message)
    {
        Assert.Equal(message, Refusal(json));
    }

    [Theory]
    [InlineData("not json", "Invalid JSON payload received. Unexpected token.")]
    [InlineData("{\"contents\":[", "Invalid JSON payload received. Unexpected token.")]
    [InlineData("[]", "Invalid JSON payload received. Unknown name \"\": Root element must be a message.")]
    [InlineData("\"text\"", "Invalid JSON payload received. Unknown name \"\": Root element must be a message.")]
    public void NotAJsonObject_IsRefused(string body, string message)
    {
        Assert.Equal(message, Refusal(body));
    }

    [Fact]
    public void ThinkingConfig_FollowsEachModelsRules()
    {
        const string Contents = "{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"thinkingConfig\":";
        Parse(Contents + "{\"thinkingLevel\":\"low\"}}}", Pro3);
        Parse(Contents + "{\"thinkingLevel\":\"HIGH\"}}}", Pro3);
        Parse(Contents + "{\"thinkingBudget\":0}}}", Flash);
        Parse(Contents + "{\"thinkingBudget\":-1}}}", Pro25);
        Assert.Equal(EmulatorGenerateContentRequest.ThinkingBudgetAndLevel, Refusal(Contents + "{\"thinkingLevel\":\"low\",\"thinkingBudget\":128}}}", Pro3));
        Assert.Equal(EmulatorGenerateContentRequest.ThinkingLevelNotSupported, Refusal(Contents + "{\"thinking_level\":\"low\"}}}", Flash));
        Assert.Equal(EmulatorGenerateContentRequest.ThinkingRequired, Refusal(Contents + "{\"thinkingBudget\":0}}}", Pro25));
        Assert.Equal(
            "Invalid value at 'generation_config.thinking_config.thinking_level' (type.googleapis.com/google.ai.generativelanguage.v1beta.ThinkingConfig.ThinkingLevel), \"ultra\"",
            Refusal(Contents + "{\"thinkingLevel\":\"ultra\"}}}", Pro3));
    }

    [Fact]
    public void MaxOutputTokens_IsReadAndMustNotBeNegative()
    {
        Assert.Equal(12, Parse("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"maxOutputTokens\":12}}").MaxOutputTokens);
        Assert.StartsWith("* GenerateContentRequest.generation_config.max_output_tokens:",
            Refusal("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"maxOutputTokens\":-5}}"));
    }

    [Fact]
    public void TypeNames_CarryTheApiVersion()
    {
        FormatException refused = Assert.Throws<FormatException>(() =>
            EmulatorGenerateContentRequest.Parse(Encoding.UTF8.GetBytes("{\"contents\":[1]}"), Flash, "v1"));
        Assert.Equal("Invalid value at 'contents[0]' (type.googleapis.com/google.ai.generativelanguage.v1.Content), 1", refused.Message);
    }
}
