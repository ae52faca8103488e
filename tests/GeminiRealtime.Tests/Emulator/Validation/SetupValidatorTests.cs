using System.Text;
using GeminiRealtime.Emulator;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tests.Protocol;
using static GeminiRealtime.Tests.Emulator.Validation.ValidationTestSupport;

namespace GeminiRealtime.Tests.Emulator.Validation;

public class SetupValidatorTests
{
    private const string TypeUrl = "type.googleapis.com/google.ai.generativelanguage.v1beta.";
    private const string Live38 = "gemini-3.8-live";
    private const string Live38Thinking = "gemini-3.8-live-extended-thinking";
    private const string Live31 = "gemini-3.1-flash-live-preview";
    private const string Native25 = "gemini-2.5-flash-native-audio-preview-12-2025";
    private const string Transcribe = "gemini-3.5-transcribe-live";
    private const string RetiredSampleModel = "gemini-live-2.5-flash-preview";

    private static string NotFound(string id) =>
        $"models/{id} is not found for API version v1beta, or is not supported for bidiGenerateContent. Call ListModels to see the list of available models and their supported methods.";

    // ---- protocol samples ----

    [Theory]
    [InlineData("17-client-setup-minimal.json")]
    [InlineData("18-client-setup-manual-vad.json")]
    [InlineData("23-client-setup-tools.json")]
    [InlineData("26-client-setup-systemInstruction-pretty.json")]
    public void Setup_samples_name_a_retired_model_and_get_1008(string file)
    {
        LiveSetup setup = StrictClientMessageReader.Read(SampleFrames.Read(file)).Setup!;

        AssertRejected(1008, NotFound(RetiredSampleModel), () => SetupValidator.Validate(setup, V1Beta, EmulatorModelTable.Default));
    }

    [Theory]
    [InlineData("17-client-setup-minimal.json")]
    [InlineData("23-client-setup-tools.json")]
    public void Setup_samples_with_a_current_model_are_accepted(string file)
    {
        LiveSetup setup = StrictClientMessageReader.Read(WithModel(file, Live38)).Setup!;

        Assert.Equal(Live38, SetupValidator.Validate(setup, V1Beta, EmulatorModelTable.Default).Id);
    }

    [Theory]
    [InlineData("18-client-setup-manual-vad.json")]
    [InlineData("26-client-setup-systemInstruction-pretty.json")]
    public void Text_setup_samples_with_gemini_3_8_get_the_modality_rejection(string file)
    {
        LiveSetup setup = StrictClientMessageReader.Read(WithModel(file, Live38)).Setup!;

        AssertRejected(1007,
            "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-3.8-live",
            () => SetupValidator.Validate(setup, V1Beta, EmulatorModelTable.Default));
    }

    [Theory]
    [InlineData("18-client-setup-manual-vad.json")]
    [InlineData("26-client-setup-systemInstruction-pretty.json")]
    public void Text_setup_samples_are_accepted_by_the_transcribe_model(string file)
    {
        LiveSetup setup = StrictClientMessageReader.Read(WithModel(file, Transcribe)).Setup!;

        Assert.Equal(Transcribe, SetupValidator.Validate(setup, V1Beta, EmulatorModelTable.Default).Id);
    }

    private static byte[] WithModel(string file, string modelId) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(SampleFrames.Read(file)).Replace("models/" + RetiredSampleModel, "models/" + modelId));

    // ---- model (§4.1, §10.1) ----

    [Fact]
    public void Served_models_are_accepted()
    {
        foreach (LiveModel model in EmulatorModelTable.Default.Served)
        {
            string fields = model.SupportsAudioModality ? "" : """ "generationConfig":{"responseModalities":["TEXT"]} """;
            Assert.Same(model, ValidateSetup(model.Id, fields));
        }
    }

    [Fact]
    public void Missing_model_is_refused()
    {
        AssertRejected(1007, "Request contains an invalid argument.",
            () => SetupValidator.Validate(Read("""{"setup":{}}""").Setup!, V1Beta, EmulatorModelTable.Default));
    }

    [Fact]
    public void Bare_model_id_is_not_found()
    {
        AssertRejected(1008,
            "gemini-3.8-live is not found for API version v1beta, or is not supported for bidiGenerateContent. Call ListModels to see the list of available models and their supported methods.",
            () => SetupValidator.Validate(Read("""{"setup":{"model":"gemini-3.8-live"}}""").Setup!, V1Beta, EmulatorModelTable.Default));
    }

    [Theory]
    [InlineData("gemini-9.9-live")]
    [InlineData(RetiredSampleModel)]
    [InlineData("gemini-2.0-flash-live-001")]
    [InlineData("gemini-2.0-flash-exp")]
    [InlineData("GEMINI-3.8-LIVE")]
    [InlineData("")]
    public void Unknown_or_retired_model_is_not_found(string id)
    {
        AssertRejected(1008, NotFound(id), () => ValidateSetup(id));
    }

    [Fact]
    public void Not_found_text_names_the_api_version_in_full()
    {
        LiveSetup setup = ReadSetup("gemini-9.9-live");

        EmulatorRejection rejection = Assert.Throws<EmulatorRejection>(() => SetupValidator.Validate(setup, "v1alpha", EmulatorModelTable.Default));

        Assert.Equal(1008, rejection.CloseCode);
        Assert.StartsWith("models/gemini-9.9-live is not found for API version v1alpha, or is not supported", rejection.Reason);
        Assert.True(Encoding.UTF8.GetByteCount(rejection.Reason) > 123);
    }

    [Fact]
    public void Extra_model_id_is_served_with_the_rules_of_gemini_3_8()
    {
        var table = new EmulatorModelTable(extraModelIds: new[] { "gemini-4.0-live" });

        Assert.Equal(ModelFamily.Live38, ValidateSetup("gemini-4.0-live", models: table).Family);
        AssertRejected(1007,
            "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-4.0-live",
            () => ValidateSetup("gemini-4.0-live", """ "generationConfig":{"responseModalities":["TEXT"]} """, table));
    }

    [Fact]
    public void Allow_list_restricts_the_served_models()
    {
        var table = new EmulatorModelTable(allowedModelIds: new[] { Live38 });

        Assert.Equal(Live38, ValidateSetup(Live38, models: table).Id);
        AssertRejected(1008, NotFound(Live31), () => ValidateSetup(Live31, models: table));
    }

    // ---- responseModalities (§4.1.1, §10.2) ----

    [Fact]
    public void Absent_modalities_mean_audio_which_the_transcribe_model_lacks()
    {
        AssertRejected(1007,
            "The requested combination of response modalities (AUDIO) is not supported by the model. models/gemini-3.5-transcribe-live",
            () => ValidateSetup(Transcribe));
    }

    [Fact]
    public void Audio_on_the_transcribe_model_is_refused()
    {
        AssertRejected(1007,
            "The requested combination of response modalities (AUDIO) is not supported by the model. models/gemini-3.5-transcribe-live",
            () => ValidateSetup(Transcribe, """ "generationConfig":{"responseModalities":["AUDIO"]} """));
    }

    [Theory]
    [InlineData(Native25, "Cannot extract voices from a non-audio request.")]
    [InlineData(Live31, "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-3.1-flash-live-preview")]
    [InlineData(Live38, "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-3.8-live")]
    [InlineData(Live38Thinking, "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-3.8-live-extended-thinking")]
    public void Text_modality_is_refused_per_model(string modelId, string reason)
    {
        AssertRejected(1007, reason, () => ValidateSetup(modelId, """ "generationConfig":{"responseModalities":["TEXT"]} """));
    }

    [Fact]
    public void Two_modalities_are_refused()
    {
        AssertRejected(1007,
            "The requested combination of response modalities (AUDIO, TEXT) is not supported by the model. models/gemini-3.8-live",
            () => ValidateSetup(Live38, """ "generationConfig":{"responseModalities":["AUDIO","TEXT"]} """));
    }

    [Fact]
    public void Unknown_modality_is_an_invalid_value()
    {
        AssertRejected(1007,
            "Invalid value at 'setup.generation_config.response_modalities[0]' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.Modality), \"SPEECH\"",
            () => ValidateSetup(Live38, """ "generationConfig":{"responseModalities":["SPEECH"]} """));
    }

    [Theory]
    [InlineData("IMAGE")]
    [InlineData("MODALITY_UNSPECIFIED")]
    public void Non_live_modality_is_refused(string modality)
    {
        AssertRejected(1007,
            $"The requested combination of response modalities ({modality}) is not supported by the model. models/gemini-3.8-live",
            () => ValidateSetup(Live38, $$""" "generationConfig":{"responseModalities":["{{modality}}"]} """));
    }

    // ---- speechConfig (§4.1.1, §10.3) ----

    private static string VoiceFields(string voice) =>
        "\"generationConfig\":{\"speechConfig\":{\"voiceConfig\":{\"prebuiltVoiceConfig\":{\"voiceName\":\"" + voice + "\"}}}}";

    [Theory]
    [InlineData(Live38, "Kore")]
    [InlineData(Live38, "Zubenelgenubi")]
    [InlineData(Native25, "Puck")]
    public void Known_voice_is_accepted(string modelId, string voice)
    {
        ValidateSetup(modelId, VoiceFields(voice));
    }

    [Theory]
    [InlineData("Nova")]
    [InlineData("kore")]
    public void Unknown_voice_is_refused(string voice)
    {
        AssertRejected(1007,
            $"setup.generation_config.speech_config.voice_config.prebuilt_voice_config.voice_name: unknown voice \"{voice}\"",
            () => ValidateSetup(Live38, VoiceFields(voice)));
    }

    [Fact]
    public void Voice_on_a_text_session_is_refused()
    {
        AssertRejected(1007, "setup.generation_config.speech_config: a voice needs the AUDIO response modality",
            () => ValidateSetup(Transcribe, """ "generationConfig":{"responseModalities":["TEXT"],"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":"Kore"}}}} """));
    }

    [Theory]
    [InlineData(Live38)]
    [InlineData(Native25)]
    [InlineData(Live31)]
    public void Language_code_is_refused_off_half_cascade(string modelId)
    {
        AssertRejected(1007, $"setup.generation_config.speech_config.language_code is not supported by models/{modelId}.",
            () => ValidateSetup(modelId, """ "generationConfig":{"speechConfig":{"languageCode":"de-DE"}} """));
    }

    [Fact]
    public void Multi_speaker_voice_config_is_refused()
    {
        AssertRejected(1007, "setup.generation_config.speech_config.multi_speaker_voice_config is not supported by models/gemini-3.8-live.",
            () => ValidateSetup(Live38, """ "generationConfig":{"speechConfig":{"multiSpeakerVoiceConfig":{"speakerVoiceConfigs":[]}}} """));
    }

    // ---- thinkingConfig (§4.1.1, §10.2) ----

    [Theory]
    [InlineData(Native25, """{"thinkingBudget":0}""")]
    [InlineData(Native25, """{"thinkingBudget":-1,"includeThoughts":true}""")]
    [InlineData(Native25, """{"thinking_budget":1024}""")]
    [InlineData(Live31, """{"thinkingLevel":"MINIMAL"}""")]
    [InlineData(Live38Thinking, """{"thinkingLevel":"HIGH"}""")]
    public void Thinking_config_the_model_takes_is_accepted(string modelId, string thinking)
    {
        ValidateSetup(modelId, $$""" "generationConfig":{"thinkingConfig":{{thinking}}} """);
    }

    [Theory]
    [InlineData(Live38, "{}", "setup.generation_config.thinking_config is not supported by models/gemini-3.8-live.")]
    [InlineData(Live38, """{"thinkingLevel":"LOW"}""", "setup.generation_config.thinking_config is not supported by models/gemini-3.8-live.")]
    [InlineData(Native25, """{"thinkingLevel":"LOW"}""", "setup.generation_config.thinking_config.thinking_level is not supported by models/gemini-2.5-flash-native-audio-preview-12-2025.")]
    [InlineData(Native25, """{"thinkingBudget":-2}""", "setup.generation_config.thinking_config.thinking_budget: must be -1 (dynamic), 0 (off) or a positive number of tokens")]
    [InlineData(Live31, """{"thinkingBudget":100}""", "setup.generation_config.thinking_config.thinking_budget is not supported by models/gemini-3.1-flash-live-preview.")]
    [InlineData(Live38Thinking, """{"includeThoughts":true}""", "setup.generation_config.thinking_config.include_thoughts is not supported by models/gemini-3.8-live-extended-thinking.")]
    [InlineData(Live38Thinking, """{"thinkingLevel":"EXTREME"}""", "Invalid value at 'setup.generation_config.thinking_config.thinking_level' (" + TypeUrl + "ThinkingConfig.ThinkingLevel), \"EXTREME\"")]
    public void Thinking_config_the_model_does_not_take_is_refused(string modelId, string thinking, string reason)
    {
        AssertRejected(1007, reason, () => ValidateSetup(modelId, $$""" "generationConfig":{"thinkingConfig":{{thinking}}} """));
    }

    // ---- affective dialog, proactivity (§4.1, §10.2) ----

    [Fact]
    public void Affective_dialog_is_accepted_on_2_5()
    {
        ValidateSetup(Native25, """ "generationConfig":{"enableAffectiveDialog":true} """);
    }

    [Theory]
    [InlineData(Live38)]
    [InlineData(Live31)]
    public void Affective_dialog_is_refused_elsewhere(string modelId)
    {
        AssertRejected(1007, $"setup.generation_config.enable_affective_dialog is not supported by models/{modelId}.",
            () => ValidateSetup(modelId, """ "generationConfig":{"enableAffectiveDialog":false} """));
    }

    [Theory]
    [InlineData(Native25, """{"proactiveAudio":true}""")]
    [InlineData(Native25, """{"proactiveAudio":false}""")]
    [InlineData(Live38, """{"proactiveAudio":true}""")]
    [InlineData(Live38, "{}")]
    public void Proactivity_is_accepted_where_supported(string modelId, string proactivity)
    {
        ValidateSetup(modelId, $$""" "proactivity":{{proactivity}} """);
    }

    [Fact]
    public void Proactivity_is_refused_on_3_1()
    {
        AssertRejected(1007, "setup.proactivity is not supported by models/gemini-3.1-flash-live-preview.",
            () => ValidateSetup(Live31, """ "proactivity":{"proactiveAudio":true} """));
    }

    [Fact]
    public void Proactive_audio_false_is_refused_on_3_8()
    {
        AssertRejected(1007, "setup.proactivity.proactive_audio: cannot be false: models/gemini-3.8-live is always proactive",
            () => ValidateSetup(Live38, """ "proactivity":{"proactiveAudio":false} """));
    }

    // ---- other generationConfig fields (§4.1.1) ----

    [Fact]
    public void Sampling_settings_in_range_are_accepted()
    {
        ValidateSetup(Live38, """ "generationConfig":{"candidateCount":1,"temperature":2,"topP":0,"topK":1,"mediaResolution":"MEDIA_RESOLUTION_LOW","maxOutputTokens":200,"seed":7} """);
    }

    [Theory]
    [InlineData(""" "mediaResolution":"MEDIA_RESOLUTION_ULTRA" """, "Invalid value at 'setup.generation_config.media_resolution' (" + TypeUrl + "GenerationConfig.MediaResolution), \"MEDIA_RESOLUTION_ULTRA\"")]
    [InlineData(""" "candidateCount":2 """, "setup.generation_config.candidate_count: only one candidate can be specified")]
    [InlineData(""" "candidateCount":0 """, "setup.generation_config.candidate_count: only one candidate can be specified")]
    [InlineData(""" "temperature":2.5 """, "setup.generation_config.temperature: 2.5 is out of range; it must be between 0 and 2")]
    [InlineData(""" "temperature":-0.5 """, "setup.generation_config.temperature: -0.5 is out of range; it must be between 0 and 2")]
    [InlineData(""" "topP":1.5 """, "setup.generation_config.top_p: 1.5 is out of range; it must be between 0 and 1")]
    [InlineData(""" "topK":0 """, "setup.generation_config.top_k: 0 is out of range; it must be at least 1")]
    public void Generation_config_out_of_bounds_is_refused(string field, string reason)
    {
        AssertRejected(1007, reason, () => ValidateSetup(Live38, "\"generationConfig\":{" + field + "}"));
    }

    // ---- systemInstruction (§4.1) ----

    [Fact]
    public void Text_system_instruction_is_accepted()
    {
        ValidateSetup(Live38, """ "systemInstruction":{"parts":[{"text":"Be brief."},{"text":"Answer in German."}]} """);
    }

    [Theory]
    [InlineData("""{"role":"system","parts":[{"text":"x"}]}""", "setup.system_instruction.role: a system instruction takes no role")]
    [InlineData("""{"role":"user","parts":[{"text":"x"}]}""", "setup.system_instruction.role: a system instruction takes no role")]
    [InlineData("""{"parts":[{"text":"x"},{"inlineData":{"mimeType":"image/png","data":"AAAA"}}]}""", "setup.system_instruction.parts[1]: a system instruction takes text parts only")]
    [InlineData("""{"parts":[{"text":"x","thought":true}]}""", "setup.system_instruction.parts[0]: a system instruction takes text parts only")]
    [InlineData("""{"parts":[{}]}""", "setup.system_instruction.parts[0].data: required oneof field 'data' must have one initialized field")]
    public void Other_system_instructions_are_refused(string instruction, string reason)
    {
        AssertRejected(1007, reason, () => ValidateSetup(Live38, "\"systemInstruction\":" + instruction));
    }

    // ---- realtimeInputConfig (§4.1.3) ----

    [Fact]
    public void Realtime_input_config_with_known_values_is_accepted()
    {
        ValidateSetup(Live38, """
            "realtimeInputConfig":{"automaticActivityDetection":{"disabled":false,"startOfSpeechSensitivity":"START_SENSITIVITY_LOW",
              "endOfSpeechSensitivity":"END_SENSITIVITY_HIGH","prefixPaddingMs":0,"silenceDurationMs":100},
              "activityHandling":"NO_INTERRUPTION","turnCoverage":"TURN_INCLUDES_ALL_INPUT"}
            """);
    }

    [Theory]
    [InlineData(""" "activityHandling":"INTERRUPT" """, "Invalid value at 'setup.realtime_input_config.activity_handling' (" + TypeUrl + "RealtimeInputConfig.ActivityHandling), \"INTERRUPT\"")]
    [InlineData(""" "turnCoverage":"TURN_INCLUDES_EVERYTHING" """, "Invalid value at 'setup.realtime_input_config.turn_coverage' (" + TypeUrl + "RealtimeInputConfig.TurnCoverage), \"TURN_INCLUDES_EVERYTHING\"")]
    [InlineData(""" "automaticActivityDetection":{"startOfSpeechSensitivity":"HIGH"} """, "Invalid value at 'setup.realtime_input_config.automatic_activity_detection.start_of_speech_sensitivity' (" + TypeUrl + "AutomaticActivityDetection.StartSensitivity), \"HIGH\"")]
    [InlineData(""" "automaticActivityDetection":{"endOfSpeechSensitivity":"START_SENSITIVITY_LOW"} """, "Invalid value at 'setup.realtime_input_config.automatic_activity_detection.end_of_speech_sensitivity' (" + TypeUrl + "AutomaticActivityDetection.EndSensitivity), \"START_SENSITIVITY_LOW\"")]
    [InlineData(""" "automaticActivityDetection":{"prefixPaddingMs":-1} """, "setup.realtime_input_config.automatic_activity_detection.prefix_padding_ms: must not be negative")]
    [InlineData(""" "automaticActivityDetection":{"silenceDurationMs":-20} """, "setup.realtime_input_config.automatic_activity_detection.silence_duration_ms: must not be negative")]
    public void Bad_realtime_input_config_is_refused(string fields, string reason)
    {
        AssertRejected(1007, reason, () => ValidateSetup(Live38, "\"realtimeInputConfig\":{" + fields + "}"));
    }

    // ---- tools (§4.1.2, §10.2) ----

    private static string Functions(string declarations) => "\"tools\":[{\"functionDeclarations\":[" + declarations + "]}]";

    [Fact]
    public void Function_declarations_are_accepted()
    {
        ValidateSetup(Live38, Functions("""
            {"name":"get_weather","description":"d","behavior":"NON_BLOCKING","parameters":{"type":"OBJECT","properties":{
              "city":{"type":"STRING","enum":["a","b"]},"days":{"type":"INTEGER"},"tags":{"type":"ARRAY","items":{"type":"STRING"}},
              "where":{"type":"OBJECT","properties":{"lat":{"type":"NUMBER"}},"required":["lat"]}},"required":["city"]},
              "response":{"type":"OBJECT","properties":{"tempC":{"type":"NUMBER"}}}},
            {"name":"ns:tool.v2-x","parametersJsonSchema":{"type":"object"}},
            {"name":"no_parameters"}
            """));
    }

    [Fact]
    public void Google_search_is_accepted_on_3_8()
    {
        ValidateSetup(Live38, """ "tools":[{"googleSearch":{}},{"functionDeclarations":[{"name":"f"}]}] """);
    }

    [Theory]
    [InlineData("get weather")]
    [InlineData("")]
    [InlineData("f(x)")]
    [InlineData("wetter_für_morgen")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345")] // 65 characters
    public void Bad_function_name_is_refused(string name)
    {
        AssertRejected(1007,
            "setup.tools[0].function_declarations[0].name: Invalid function name. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.",
            () => ValidateSetup(Live38, Functions("{\"name\":\"" + name + "\"}")));
    }

    [Fact]
    public void Missing_function_name_is_refused()
    {
        AssertRejected(1007,
            "setup.tools[0].function_declarations[0].name: Invalid function name. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.",
            () => ValidateSetup(Live38, Functions("""{"description":"x"}""")));
    }

    [Fact]
    public void Function_name_of_64_characters_is_accepted()
    {
        ValidateSetup(Live38, Functions("{\"name\":\"" + new string('a', 64) + "\"}"));
    }

    [Fact]
    public void Duplicate_function_names_are_refused_across_tools()
    {
        AssertRejected(1007, "setup.tools[1].function_declarations[0].name: duplicate function name \"f\"",
            () => ValidateSetup(Live38, """ "tools":[{"functionDeclarations":[{"name":"f"}]},{"functionDeclarations":[{"name":"f"}]}] """));
    }

    [Fact]
    public void At_most_512_declarations_are_accepted()
    {
        string FunctionList(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => "{\"name\":\"f" + i + "\"}"));

        ValidateSetup(Live38, Functions(FunctionList(512)));
        AssertRejected(1007, "setup.tools: at most 512 function declarations are allowed",
            () => ValidateSetup(Live38, """ "tools":[{"functionDeclarations":[""" + FunctionList(500) + """]},{"functionDeclarations":[{"name":"x0"},""" +
                string.Join(",", Enumerable.Range(1, 12).Select(i => "{\"name\":\"x" + i + "\"}")) + "]}]"));
    }

    [Theory]
    [InlineData("""{"name":"f","parameters":{"type":"OBJECT"},"parametersJsonSchema":{"type":"object"}}""",
        "setup.tools[0].function_declarations[0]: parameters and parameters_json_schema cannot both be set")]
    [InlineData("""{"name":"f","response":{"type":"OBJECT"},"responseJsonSchema":{"type":"object"}}""",
        "setup.tools[0].function_declarations[0]: response and response_json_schema cannot both be set")]
    [InlineData("""{"name":"f","parameters":{"type":"object"}}""",
        "Invalid value at 'setup.tools[0].function_declarations[0].parameters.type' (" + TypeUrl + "Type), \"object\"")]
    [InlineData("""{"name":"f","parameters":{"type":"OBJECT","properties":{"a":{"type":"STRING"},"b":{"type":"enum"}}}}""",
        "Invalid value at 'setup.tools[0].function_declarations[0].parameters.properties[1].value.type' (" + TypeUrl + "Type), \"enum\"")]
    [InlineData("""{"name":"f","parameters":{"type":"OBJECT","properties":{"a":{"type":"STRING"}},"required":["a","b"]}}""",
        "setup.tools[0].function_declarations[0].parameters.required[1]: property is not defined")]
    [InlineData("""{"name":"f","parameters":{"type":"OBJECT","required":["a"]}}""",
        "setup.tools[0].function_declarations[0].parameters.required[0]: property is not defined")]
    [InlineData("""{"name":"f","parameters":{"type":"OBJECT","properties":{"unit":{"type":"INTEGER","enum":["1","2"]}}}}""",
        "setup.tools[0].function_declarations[0].parameters.properties[0].value.enum: only allowed for STRING type")]
    [InlineData("""{"name":"f","parameters":{"type":"OBJECT","properties":{"tags":{"type":"ARRAY"}}}}""",
        "setup.tools[0].function_declarations[0].parameters.properties[0].value.items: missing field.")]
    [InlineData("""{"name":"f","parameters":{"type":"ARRAY","items":{"type":"OBJECT","properties":{"x":{"type":"ARRAY","items":{"type":"Integer"}}}}}}""",
        "Invalid value at 'setup.tools[0].function_declarations[0].parameters.items.properties[0].value.items.type' (" + TypeUrl + "Type), \"Integer\"")]
    [InlineData("""{"name":"f","parameters":{"anyOf":[{"type":"STRING"},{"type":"OBJECT","required":["z"]}]}}""",
        "setup.tools[0].function_declarations[0].parameters.any_of[1].required[0]: property is not defined")]
    [InlineData("""{"name":"f","response":{"type":"ARRAY"}}""",
        "setup.tools[0].function_declarations[0].response.items: missing field.")]
    [InlineData("""{"name":"f","behavior":"ASYNC"}""",
        "Invalid value at 'setup.tools[0].function_declarations[0].behavior' (" + TypeUrl + "FunctionDeclaration.Behavior), \"ASYNC\"")]
    public void Bad_function_declaration_is_refused(string declaration, string reason)
    {
        AssertRejected(1007, reason, () => ValidateSetup(Live38, Functions(declaration)));
    }

    [Fact]
    public void Non_blocking_functions_are_refused_on_3_1()
    {
        AssertRejected(1007, "setup.tools[0].function_declarations[0].behavior NON_BLOCKING is not supported by models/gemini-3.1-flash-live-preview.",
            () => ValidateSetup(Live31, Functions("""{"name":"f","behavior":"NON_BLOCKING"}""")));
    }

    [Theory]
    [InlineData(Native25)]
    [InlineData(Live38)]
    public void Non_blocking_functions_are_accepted_where_supported(string modelId)
    {
        ValidateSetup(modelId, Functions("""{"name":"f","behavior":"NON_BLOCKING"},{"name":"g","behavior":"BLOCKING"}"""));
    }

    [Theory]
    [InlineData(Live38, """{"codeExecution":{}}""", "setup.tools[0].code_execution is not supported by models/gemini-3.8-live.")]
    [InlineData(Native25, """{"codeExecution":{}}""", "setup.tools[0].code_execution is not supported by models/gemini-2.5-flash-native-audio-preview-12-2025.")]
    [InlineData(Transcribe, """{"googleSearch":{}}""", "setup.tools[0].google_search is not supported by models/gemini-3.5-transcribe-live.")]
    [InlineData(Live38, "{}", "setup.tools[0]: exactly one of function_declarations, google_search, code_execution must be set")]
    [InlineData(Live38, """{"functionDeclarations":[]}""", "setup.tools[0]: exactly one of function_declarations, google_search, code_execution must be set")]
    [InlineData(Live38, """{"googleSearch":{},"functionDeclarations":[{"name":"f"}]}""", "setup.tools[0]: exactly one of function_declarations, google_search, code_execution must be set")]
    public void Bad_tool_entry_is_refused(string modelId, string tool, string reason)
    {
        string modality = modelId == Transcribe ? """ "generationConfig":{"responseModalities":["TEXT"]}, """ : "";
        AssertRejected(1007, reason, () => ValidateSetup(modelId, modality + "\"tools\":[" + tool + "]"));
    }

    // ---- compression, history, resumption (§4.1, §1.3) ----

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"slidingWindow":{}}""")]
    [InlineData("""{"triggerTokens":"25000","slidingWindow":{"targetTokens":"12500"}}""")]
    public void Compression_is_accepted(string compression)
    {
        ValidateSetup(Live38, "\"contextWindowCompression\":" + compression);
    }

    [Theory]
    [InlineData("""{"triggerTokens":-1}""", "setup.context_window_compression.trigger_tokens: must not be negative")]
    [InlineData("""{"slidingWindow":{"targetTokens":-5}}""", "setup.context_window_compression.sliding_window.target_tokens: must not be negative")]
    [InlineData("""{"triggerTokens":1000,"slidingWindow":{"targetTokens":1000}}""", "setup.context_window_compression.sliding_window.target_tokens: must be less than trigger_tokens")]
    public void Bad_compression_is_refused(string compression, string reason)
    {
        AssertRejected(1007, reason, () => ValidateSetup(Live38, "\"contextWindowCompression\":" + compression));
    }

    [Fact]
    public void History_config_is_accepted_on_3_8()
    {
        ValidateSetup(Live38, """ "historyConfig":{"initialHistoryInClientContent":true} """);
    }

    [Theory]
    [InlineData(Live31)]
    [InlineData(Native25)]
    public void History_config_is_refused_before_3_8(string modelId)
    {
        AssertRejected(1007, $"setup.history_config is not supported by models/{modelId}.",
            () => ValidateSetup(modelId, """ "historyConfig":{"initialHistoryInClientContent":true} """));
    }

    [Fact]
    public void Transparent_resumption_is_vertex_only()
    {
        AssertRejected(1007, "Invalid JSON payload received. Unknown name \"transparent\" at 'setup.session_resumption': Cannot find field.",
            () => ValidateSetup(Live38, """ "sessionResumption":{"transparent":true} """));
    }

    [Fact]
    public void Resumption_handle_is_accepted()
    {
        ValidateSetup(Live38, """ "sessionResumption":{"handle":"abc"},"inputAudioTranscription":{},"outputAudioTranscription":{} """);
    }
}
