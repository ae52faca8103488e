using System.Text;
using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tests.Protocol;
using static GeminiRealtime.Tests.Emulator.Validation.ValidationTestSupport;

namespace GeminiRealtime.Tests.Emulator.Validation;

public class StrictClientMessageReaderTests
{
    private const string TypeUrl = "type.googleapis.com/google.ai.generativelanguage.v1beta.";

    [Theory]
    [InlineData("17-client-setup-minimal.json", "setup")]
    [InlineData("18-client-setup-manual-vad.json", "setup")]
    [InlineData("19-client-realtimeInput-activityStart.json", "realtimeInput")]
    [InlineData("20-client-realtimeInput-activityEnd.json", "realtimeInput")]
    [InlineData("21-client-realtimeInput-text.json", "realtimeInput")]
    [InlineData("22-client-clientContent.json", "clientContent")]
    [InlineData("23-client-setup-tools.json", "setup")]
    [InlineData("24-client-toolResponse.json", "toolResponse")]
    [InlineData("25-client-realtime_input-snake-case.json", "realtimeInput")]
    [InlineData("26-client-setup-systemInstruction-pretty.json", "setup")]
    public void Every_client_sample_is_read(string file, string kind)
    {
        ClientMessage message = StrictClientMessageReader.Read(SampleFrames.Read(file));

        Assert.Equal(new[] { kind }, message.PresentKinds());
    }

    [Fact]
    public void Every_client_sample_file_is_covered()
    {
        string[] files = SampleFrames.ClientFrames().Select(row => (string)row[0]).ToArray();

        Assert.Equal(10, files.Length);
        foreach (string file in files) StrictClientMessageReader.Read(SampleFrames.Read(file));
    }

    [Fact]
    public void Sample_25_snake_case_realtime_input_is_read()
    {
        ClientMessage message = StrictClientMessageReader.Read(SampleFrames.Read("25-client-realtime_input-snake-case.json"));

        Assert.Equal("Are you there Gemini?", message.RealtimeInput!.Text);
        Assert.Null(message.AdditionalFields);
        Assert.Null(message.RealtimeInput.AdditionalFields);
    }

    [Fact]
    public void Sample_23_tool_schema_is_read_with_its_property_names()
    {
        ClientMessage message = StrictClientMessageReader.Read(SampleFrames.Read("23-client-setup-tools.json"));

        Schema parameters = message.Setup!.Tools![0].FunctionDeclarations![0].Parameters!;
        Assert.Equal(new[] { "location", "unit" }, parameters.Properties!.Keys);
        Assert.Equal(new[] { "celsius", "fahrenheit" }, parameters.Properties["unit"].Enum);
    }

    [Fact]
    public void Snake_case_setup_is_read()
    {
        ClientMessage message = Read("""
            {"setup":{"model":"models/gemini-3.8-live",
              "generation_config":{"response_modalities":["AUDIO"],"top_p":0.5,
                "speech_config":{"voice_config":{"prebuilt_voice_config":{"voice_name":"Kore"}}}},
              "realtime_input_config":{"automatic_activity_detection":{"disabled":true,"prefix_padding_ms":20,"silence_duration_ms":100}},
              "session_resumption":{},"context_window_compression":{"trigger_tokens":"25000","sliding_window":{"target_tokens":12500}},
              "input_audio_transcription":{},"output_audio_transcription":{}}}
            """);

        LiveSetup setup = message.Setup!;
        Assert.Equal(new[] { "AUDIO" }, setup.GenerationConfig!.ResponseModalities);
        Assert.Equal(0.5f, setup.GenerationConfig.TopP);
        Assert.Equal("Kore", setup.GenerationConfig.SpeechConfig!.VoiceConfig!.PrebuiltVoiceConfig!.VoiceName);
        Assert.True(setup.RealtimeInputConfig!.AutomaticActivityDetection!.Disabled);
        Assert.Equal(20, setup.RealtimeInputConfig.AutomaticActivityDetection.PrefixPaddingMs);
        Assert.Equal(100, setup.RealtimeInputConfig.AutomaticActivityDetection.SilenceDurationMs);
        Assert.NotNull(setup.SessionResumption);
        Assert.Equal(25000, setup.ContextWindowCompression!.TriggerTokens);
        Assert.Equal(12500, setup.ContextWindowCompression.SlidingWindow!.TargetTokens);
        Assert.NotNull(setup.InputAudioTranscription);
        Assert.NotNull(setup.OutputAudioTranscription);
    }

    [Fact]
    public void Mixed_casing_is_read()
    {
        ClientMessage content = Read("""{"client_content":{"turns":[{"role":"user","parts":[{"text":"Hi"}]}],"turnComplete":true}}""");
        ClientMessage input = Read("""{"realtimeInput":{"audio_stream_end":true}}""");
        ClientMessage audio = Read("""{"realtime_input":{"audio":{"mime_type":"audio/pcm;rate=16000","data":"AAAA"}}}""");

        Assert.True(content.ClientContent!.TurnComplete);
        Assert.Equal("Hi", content.ClientContent.Turns![0].Parts![0].Text);
        Assert.True(input.RealtimeInput!.AudioStreamEnd);
        Assert.Equal("audio/pcm;rate=16000", audio.RealtimeInput!.Audio!.MimeType);
        Assert.Equal(3, audio.RealtimeInput.Audio.Data!.Length);
    }

    [Fact]
    public void Numbers_sent_as_strings_are_read_as_numbers()
    {
        ClientMessage message = Read("""{"setup":{"model":"models/gemini-3.8-live","generationConfig":{"topK":"40","temperature":"0.7","maxOutputTokens":"100"}}}""");

        Assert.Equal(40, message.Setup!.GenerationConfig!.TopK);
        Assert.Equal(0.7f, message.Setup.GenerationConfig.Temperature);
        Assert.Equal(100, message.Setup.GenerationConfig.MaxOutputTokens);
    }

    [Fact]
    public void Function_response_keys_are_user_data_and_keep_their_spelling()
    {
        // snake_case envelope forces the rewrite; the response object must survive it untouched.
        ClientMessage message = Read("""
            {"tool_response":{"function_responses":[{"id":"function-call-1","name":"get_weather",
              "response":{"city_name":1,"output":{"turn_complete":true,"mime_type":"x"}}}]}}
            """);

        JsonElement response = message.ToolResponse!.FunctionResponses![0].Response!.Value;
        Assert.Equal(1, response.GetProperty("city_name").GetInt32());
        Assert.True(response.GetProperty("output").GetProperty("turn_complete").GetBoolean());
        Assert.Equal("x", response.GetProperty("output").GetProperty("mime_type").GetString());
    }

    [Fact]
    public void Function_call_args_in_history_keep_their_spelling()
    {
        ClientMessage message = Read("""
            {"client_content":{"turns":[{"role":"model","parts":[{"function_call":{"id":"function-call-1","name":"f","args":{"city_name":1}}}]}]}}
            """);

        JsonElement args = message.ClientContent!.Turns![0].Parts![0].FunctionCall!.Args!.Value;
        Assert.Equal(1, args.GetProperty("city_name").GetInt32());
    }

    [Fact]
    public void Schema_property_names_are_user_data_while_schema_fields_are_renamed()
    {
        ClientMessage message = Read("""
            {"setup":{"model":"models/gemini-3.8-live","tools":[{"function_declarations":[{"name":"list_items",
              "parameters":{"type":"OBJECT","properties":{
                "max_items":{"type":"INTEGER","example":{"some_key":1},"default":{"other_key":2}},
                "tags":{"type":"ARRAY","items":{"type":"STRING"},"max_items":"5","min_items":1}},
              "required":["max_items"],"property_ordering":["max_items","tags"]}}]}]}}
            """);

        Schema parameters = message.Setup!.Tools![0].FunctionDeclarations![0].Parameters!;
        Assert.Equal(new[] { "max_items", "tags" }, parameters.Properties!.Keys);
        Assert.Null(parameters.Properties["max_items"].MaxItems);
        Assert.Equal(1, parameters.Properties["max_items"].Example!.Value.GetProperty("some_key").GetInt32());
        Assert.Equal(2, parameters.Properties["max_items"].Default!.Value.GetProperty("other_key").GetInt32());
        Assert.Equal(5, parameters.Properties["tags"].MaxItems);
        Assert.Equal(1, parameters.Properties["tags"].MinItems);
        Assert.Equal(new[] { "max_items", "tags" }, parameters.PropertyOrdering);
    }

    [Fact]
    public void Json_schema_parameters_are_user_data()
    {
        ClientMessage message = Read("""
            {"setup":{"model":"models/gemini-3.8-live","tools":[{"function_declarations":[{"name":"f",
              "parameters_json_schema":{"type":"object","properties":{"city_name":{"type":"string","readOnly":true}},"additionalProperties":false},
              "response_json_schema":{"x-anything":1}}]}]}}
            """);

        FunctionDeclaration declaration = message.Setup!.Tools![0].FunctionDeclarations![0];
        JsonElement schema = declaration.ParametersJsonSchema!.Value;
        Assert.True(schema.GetProperty("properties").GetProperty("city_name").GetProperty("readOnly").GetBoolean());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(1, declaration.ResponseJsonSchema!.Value.GetProperty("x-anything").GetInt32());
    }

    [Fact]
    public void Unknown_fields_never_land_in_additional_fields()
    {
        ClientMessage message = Read("""{"setup":{"model":"models/gemini-3.8-live","generation_config":{"response_modalities":["AUDIO"]}}}""");

        Assert.Null(message.AdditionalFields);
        Assert.Null(message.Setup!.AdditionalFields);
        Assert.Null(message.Setup.GenerationConfig!.AdditionalFields);
    }

    [Theory]
    [InlineData("""{"foo":{}}""", """Invalid JSON payload received. Unknown name "foo": Cannot find field.""")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live","generationConfig":{"foo":1}}}""",
        """Invalid JSON payload received. Unknown name "foo" at 'setup.generation_config': Cannot find field.""")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live","responseModalities":["AUDIO"]}}""",
        """Invalid JSON payload received. Unknown name "responseModalities" at 'setup': Cannot find field.""")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live","generation_config":{"response_mime_type":"application/json"}}}""",
        """Invalid JSON payload received. Unknown name "response_mime_type" at 'setup.generation_config': Cannot find field.""")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live","generationConfig":{"stopSequences":["x"]}}}""",
        """Invalid JSON payload received. Unknown name "stopSequences" at 'setup.generation_config': Cannot find field.""")]
    [InlineData("""{"realtimeInput":{"TurnComplete":true}}""",
        """Invalid JSON payload received. Unknown name "TurnComplete" at 'realtime_input': Cannot find field.""")]
    [InlineData("""{"realtimeInput":{"activityStart":{"at":1}}}""",
        """Invalid JSON payload received. Unknown name "at" at 'realtime_input.activity_start': Cannot find field.""")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live","additionalFields":{}}}""",
        """Invalid JSON payload received. Unknown name "additionalFields" at 'setup': Cannot find field.""")]
    public void Unknown_field_is_refused_with_its_path(string json, string reason)
    {
        AssertRejected(1007, reason, () => Read(json));
    }

    [Theory]
    [InlineData("readOnly")]
    [InlineData("x-google-enum-descriptions")]
    [InlineData("additionalProperties")]
    public void Unknown_schema_key_deep_inside_a_tool_is_refused_with_its_path(string key)
    {
        string json = """
            {"setup":{"model":"models/gemini-3.8-live","tools":[{"functionDeclarations":[
              {"name":"a","parameters":{"type":"OBJECT","properties":{"x":{"type":"STRING"}}}},
              {"name":"b","parameters":{"type":"OBJECT","properties":{
                "first":{"type":"STRING"},
                "list":{"type":"ARRAY","items":{"type":"OBJECT","properties":{"id":{"type":"STRING","KEY":true}}}}}}}]}]}}
            """.Replace("KEY", key);

        AssertRejected(1007,
            $"Invalid JSON payload received. Unknown name \"{key}\" at 'setup.tools[0].function_declarations[1].parameters.properties[1].value.items.properties[0].value': Cannot find field.",
            () => Read(json));
    }

    [Fact]
    public void Unknown_key_inside_any_of_is_refused_with_its_path()
    {
        AssertRejected(1007,
            "Invalid JSON payload received. Unknown name \"const\" at 'setup.tools[0].function_declarations[0].parameters.properties[0].value.any_of[1]': Cannot find field.",
            () => Read("""
                {"setup":{"model":"models/gemini-3.8-live","tools":[{"functionDeclarations":[{"name":"a","parameters":{"type":"OBJECT",
                  "properties":{"mode":{"anyOf":[{"type":"STRING"},{"const":"x"}]}}}}]}]}}
                """));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live"}} x""")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live"}}{}""")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live",}}""")]
    [InlineData("""{"setup":{/* comment */"model":"models/gemini-3.8-live"}}""")]
    [InlineData("""{'setup':{}}""")]
    public void Malformed_json_is_refused(string json)
    {
        AssertRejected(1007, "Invalid JSON payload received. Unexpected token.", () => Read(json));
    }

    [Fact]
    public void Trailing_whitespace_is_fine()
    {
        Assert.NotNull(Read("{\"realtimeInput\":{\"text\":\"hi\"}}\n\r\n  \t").RealtimeInput);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D })] // {"\xFF":1}
    [InlineData(new byte[] { 0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x3A, 0x31, 0x7D })] // overlong '/'
    [InlineData(new byte[] { 0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x3A, 0x31, 0x7D })] // UTF-8 encoded surrogate
    [InlineData(new byte[] { 0x7B, 0x22, 0xE2, 0x82 })] // cut inside a character
    public void Invalid_utf8_is_refused(byte[] frame)
    {
        AssertRejected(1007, "Invalid JSON payload received. Invalid UTF-8 in the message.", () => StrictClientMessageReader.Read(frame));
    }

    [Fact]
    public void Escaped_lone_surrogate_is_refused()
    {
        AssertRejected(1007, "Invalid JSON payload received. Invalid UTF-8 in the message.",
            () => Read("""{"realtimeInput":{"text":"\ud800"}}"""));
    }

    [Fact]
    public void Non_ascii_text_is_read()
    {
        Assert.Equal("Grüße 👋", Read("{\"realtimeInput\":{\"text\":\"Grüße 👋\"}}").RealtimeInput!.Text);
        Assert.Equal("Grüße 👋", Read("{\"realtime_input\":{\"text\":\"Grüße 👋\"}}").RealtimeInput!.Text);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"setup\"")]
    [InlineData("null")]
    [InlineData("1")]
    public void A_root_that_is_not_an_object_is_refused(string json)
    {
        AssertRejected(1007, "Invalid JSON payload received. Unknown name \"\": Root element must be a message.", () => Read(json));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"setup":null}""")]
    [InlineData("""{"setup":{"model":"models/gemini-3.8-live"},"realtimeInput":{"text":"hi"}}""")]
    [InlineData("""{"realtime_input":{"text":"hi"},"client_content":{"turnComplete":true}}""")]
    public void Not_exactly_one_top_level_member_is_refused(string json)
    {
        AssertRejected(1007,
            "Invalid JSON payload received. Expected exactly one of setup, client_content, realtime_input, tool_response, context_update.",
            () => Read(json));
    }

    [Theory]
    [InlineData("""{"clientContent":{"turnComplete":true,"turn_complete":false}}""",
        """Invalid JSON payload received. Duplicate field "turn_complete" at 'client_content'.""")]
    [InlineData("""{"realtimeInput":{"text":"a","text":"b"}}""",
        """Invalid JSON payload received. Duplicate field "text" at 'realtime_input'.""")]
    [InlineData("""{"setup":{"model":"models/a"},"setup":{"model":"models/b"}}""",
        """Invalid JSON payload received. Duplicate field "setup".""")]
    public void A_field_set_twice_is_refused(string json, string reason)
    {
        AssertRejected(1007, reason, () => Read(json));
    }

    [Fact]
    public void A_map_key_given_twice_is_refused()
    {
        AssertRejected(1007,
            "Invalid JSON payload received. Duplicate map key \"a\" at 'setup.tools[0].function_declarations[0].parameters.properties'.",
            () => Read("""{"setup":{"model":"models/m","tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"a":{"type":"STRING"},"a":{"type":"STRING"}}}}]}]}}"""));
    }

    [Theory]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":"x"}}""",
        "Invalid value at 'setup.generation_config' (" + TypeUrl + "GenerationConfig), \"x\"")]
    [InlineData("""{"setup":"models/gemini-3.8-live"}""",
        "Invalid value at 'setup' (" + TypeUrl + "BidiGenerateContentSetup), \"models/gemini-3.8-live\"")]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":{"responseModalities":"AUDIO"}}}""",
        "Invalid value at 'setup.generation_config.response_modalities' (" + TypeUrl + "GenerationConfig.Modality), \"AUDIO\"")]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":{"responseModalities":[1]}}}""",
        "Invalid value at 'setup.generation_config.response_modalities[0]' (" + TypeUrl + "GenerationConfig.Modality), 1")]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":{"responseModalities":[null]}}}""",
        "Invalid value at 'setup.generation_config.response_modalities[0]' (" + TypeUrl + "GenerationConfig.Modality), null")]
    [InlineData("""{"setup":{"model":5}}""",
        "Invalid value at 'setup.model' (TYPE_STRING), 5")]
    [InlineData("""{"clientContent":{"turnComplete":"yes"}}""",
        "Invalid value at 'client_content.turn_complete' (TYPE_BOOL), \"yes\"")]
    [InlineData("""{"clientContent":{"turnComplete":1}}""",
        "Invalid value at 'client_content.turn_complete' (TYPE_BOOL), 1")]
    [InlineData("""{"clientContent":{"turns":{"role":"user"}}}""",
        "Invalid value at 'client_content.turns' (" + TypeUrl + "Content), {\"role\":\"user\"}")]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":{"topK":1.5}}}""",
        "Invalid value at 'setup.generation_config.top_k' (TYPE_INT32), 1.5")]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":{"topK":3000000000}}}""",
        "Invalid value at 'setup.generation_config.top_k' (TYPE_INT32), 3000000000")]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":{"topK":"many"}}}""",
        "Invalid value at 'setup.generation_config.top_k' (TYPE_INT32), \"many\"")]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":{"temperature":"NaN"}}}""",
        "Invalid value at 'setup.generation_config.temperature' (TYPE_FLOAT), \"NaN\"")]
    [InlineData("""{"setup":{"model":"models/m","generationConfig":{"temperature":1e39}}}""",
        "Invalid value at 'setup.generation_config.temperature' (TYPE_FLOAT), 1e39")]
    [InlineData("""{"setup":{"model":"models/m","contextWindowCompression":{"triggerTokens":true}}}""",
        "Invalid value at 'setup.context_window_compression.trigger_tokens' (TYPE_INT64), true")]
    [InlineData("""{"toolResponse":{"functionResponses":[{"id":"1","name":"f","response":"ok"}]}}""",
        "Invalid value at 'tool_response.function_responses[0].response' (type.googleapis.com/google.protobuf.Struct), \"ok\"")]
    [InlineData("""{"toolResponse":{"functionResponses":[{"id":"1","name":"f","response":[1]}]}}""",
        "Invalid JSON payload received. Unknown name \"response\" at 'tool_response.function_responses[0]': Proto field is not repeating, cannot start list.")]
    [InlineData("""{"setup":{"model":["models/m"]}}""",
        "Invalid JSON payload received. Unknown name \"model\" at 'setup': Proto field is not repeating, cannot start list.")]
    [InlineData("""{"setup":{"model":"models/m","tools":[{"functionDeclarations":[{"name":"f","parameters":{"properties":{"a":"STRING"}}}]}]}}""",
        "Invalid value at 'setup.tools[0].function_declarations[0].parameters.properties[0].value' (" + TypeUrl + "Schema), \"STRING\"")]
    public void A_value_of_the_wrong_kind_is_refused(string json, string reason)
    {
        AssertRejected(1007, reason, () => Read(json));
    }

    [Theory]
    [InlineData("""{"realtimeInput":{"audio":{"mimeType":"audio/pcm","data":"AAA*"}}}""",
        "Invalid value at 'realtime_input.audio.data' (TYPE_BYTES), Base64 decoding failed for \"AAA*\"")]
    [InlineData("""{"realtimeInput":{"audio":{"mimeType":"audio/pcm","data":"A"}}}""",
        "Invalid value at 'realtime_input.audio.data' (TYPE_BYTES), Base64 decoding failed for \"A\"")]
    [InlineData("""{"realtimeInput":{"audio":{"mimeType":"audio/pcm","data":"AA=A"}}}""",
        "Invalid value at 'realtime_input.audio.data' (TYPE_BYTES), Base64 decoding failed for \"AA=A\"")]
    [InlineData("""{"realtimeInput":{"audio":{"mimeType":"audio/pcm","data":12}}}""",
        "Invalid value at 'realtime_input.audio.data' (TYPE_BYTES), 12")]
    public void Bad_base64_is_refused(string json, string reason)
    {
        AssertRejected(1007, reason, () => Read(json));
    }

    [Theory]
    [InlineData("AAECAw==", 4)]
    [InlineData("AAECAw", 4)]
    [InlineData("-_8=", 2)]
    [InlineData("", 0)]
    public void Proto_base64_forms_are_read(string base64, int length)
    {
        ClientMessage message = Read("{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm\",\"data\":\"" + base64 + "\"}}}");

        Assert.Equal(length, message.RealtimeInput!.Audio!.Data!.Length);
    }

    [Fact]
    public void Null_fields_count_as_absent()
    {
        ClientMessage message = Read("""{"setup":{"model":"models/gemini-3.8-live","generationConfig":null,"tools":null}}""");

        Assert.Null(message.Setup!.GenerationConfig);
        Assert.Null(message.Setup.Tools);
    }

    [Fact]
    public void The_api_version_names_the_type_url()
    {
        AssertRejected(1007,
            "Invalid value at 'setup.generation_config' (type.googleapis.com/google.ai.generativelanguage.v1alpha.GenerationConfig), 1",
            () => StrictClientMessageReader.Read(Encoding.UTF8.GetBytes("""{"setup":{"model":"models/m","generationConfig":1}}"""), "v1alpha"));
    }

    [Fact]
    public void A_pretty_camel_case_frame_written_by_the_client_is_read_back()
    {
        var original = new ClientMessage
        {
            ToolResponse = new ToolResponse
            {
                FunctionResponses = new List<FunctionResponse>
                {
                    new FunctionResponse { Id = "function-call-1", Name = "f", Response = JsonDocument.Parse("""{"output":{"a_b":1}}""").RootElement },
                },
            },
        };

        ClientMessage read = StrictClientMessageReader.Read(ProtocolJson.SerializeClientMessagePretty(original));

        Assert.Equal(1, read.ToolResponse!.FunctionResponses![0].Response!.Value.GetProperty("output").GetProperty("a_b").GetInt32());
    }

    [Fact]
    public void Deep_nesting_up_to_the_protocol_limit_is_read()
    {
        // 70 nested ARRAY schemas: deeper than JsonDocument's default of 64 levels, within the protocol's 128.
        string schema = "{\"type\":\"STRING\"}";
        for (int i = 0; i < 70; i++) schema = "{\"type\":\"ARRAY\",\"items\":" + schema + "}";

        ClientMessage message = Read("{\"setup\":{\"model\":\"models/m\",\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\",\"parameters\":" + schema + "}]}]}}");

        Assert.Equal("ARRAY", message.Setup!.Tools![0].FunctionDeclarations![0].Parameters!.Type);
    }
}
