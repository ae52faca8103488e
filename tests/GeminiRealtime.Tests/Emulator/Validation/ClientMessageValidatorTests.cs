using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tests.Protocol;
using static GeminiRealtime.Tests.Emulator.Validation.ValidationTestSupport;

namespace GeminiRealtime.Tests.Emulator.Validation;

public class ClientMessageValidatorTests
{
    private const string Live38 = "gemini-3.8-live";
    private const string Live31 = "gemini-3.1-flash-live-preview";
    private const string Native25 = "gemini-2.5-flash-native-audio-latest";
    private const string ManualVad = """ "realtimeInputConfig":{"automaticActivityDetection":{"disabled":true}} """;

    private static void Validate(string json, EmulatorSessionRules rules) => ClientMessageValidator.Validate(Read(json), rules);

    private static void AssertRefused(string json, EmulatorSessionRules rules, string reason) =>
        AssertRejected(1007, reason, () => Validate(json, rules));

    // ---- samples ----

    [Theory]
    [InlineData("21-client-realtimeInput-text.json")]
    [InlineData("22-client-clientContent.json")]
    [InlineData("25-client-realtime_input-snake-case.json")]
    public void Samples_are_accepted_with_automatic_activity_detection(string file)
    {
        ClientMessageValidator.Validate(StrictClientMessageReader.Read(SampleFrames.Read(file)), Rules(Live38));
    }

    [Theory]
    [InlineData("19-client-realtimeInput-activityStart.json")]
    [InlineData("20-client-realtimeInput-activityEnd.json")]
    public void Activity_samples_are_accepted_with_manual_activity_detection(string file)
    {
        ClientMessageValidator.Validate(StrictClientMessageReader.Read(SampleFrames.Read(file)), Rules(Live38, ManualVad));
    }

    [Fact]
    public void Tool_response_sample_is_accepted()
    {
        ClientMessageValidator.Validate(StrictClientMessageReader.Read(SampleFrames.Read("24-client-toolResponse.json")),
            Rules(Live38, """ "tools":[{"functionDeclarations":[{"name":"getStatus"}]}] """));
    }

    // ---- envelope ----

    [Fact]
    public void Second_setup_is_refused()
    {
        AssertRefused("""{"setup":{"model":"models/gemini-3.8-live"}}""", Rules(Live38),
            "setup: the connection is already set up; setup may be sent only once");
    }

    [Fact]
    public void Message_with_two_members_built_in_code_is_refused()
    {
        var message = new ClientMessage { RealtimeInput = new RealtimeInput { Text = "a" }, ClientContent = new ClientContent { TurnComplete = true } };

        AssertRejected(1007,
            "Invalid JSON payload received. Expected exactly one of setup, client_content, realtime_input, tool_response, context_update.",
            () => ClientMessageValidator.Validate(message, Rules(Live38)));
    }

    // ---- realtimeInput (§4.3, §7) ----

    private const string OneFieldReason = "realtime_input: exactly one of audio, video, text, audio_stream_end, activity_start, activity_end must be set";

    [Theory]
    [InlineData("""{"realtimeInput":{}}""")]
    [InlineData("""{"realtimeInput":{"mediaChunks":[]}}""")]
    [InlineData("""{"realtimeInput":{"text":"a","audioStreamEnd":true}}""")]
    [InlineData("""{"realtimeInput":{"audio":{"mimeType":"audio/pcm","data":"AAAA"},"video":{"mimeType":"image/jpeg","data":"AAAA"}}}""")]
    public void Realtime_input_needs_exactly_one_field(string json)
    {
        AssertRefused(json, Rules(Live38), OneFieldReason);
    }

    [Theory]
    [InlineData(Live38)]
    [InlineData(Live31)]
    public void Media_chunks_are_deprecated_on_3_x(string modelId)
    {
        AssertRefused("""{"realtimeInput":{"mediaChunks":[{"mimeType":"audio/pcm;rate=16000","data":"AAAA"}]}}""", Rules(modelId),
            "realtime_input.media_chunks is deprecated. Use audio, video, or text instead.");
    }

    [Fact]
    public void Media_chunks_are_accepted_on_2_5()
    {
        Validate("""{"realtimeInput":{"mediaChunks":[{"mimeType":"audio/pcm;rate=16000","data":"AAAA"},{"mimeType":"image/jpeg","data":"AAAA"}]}}""", Rules(Native25));
    }

    [Fact]
    public void Bad_media_chunk_is_refused_on_2_5()
    {
        AssertRefused("""{"realtimeInput":{"mediaChunks":[{"mimeType":"audio/wav","data":"AAAA"}]}}""", Rules(Native25),
            "realtime_input.media_chunks[0].mime_type: unsupported MIME type \"audio/wav\"");
    }

    [Theory]
    [InlineData("audio/pcm")]
    [InlineData("audio/pcm;rate=16000")]
    [InlineData("audio/pcm;rate=8000")]
    [InlineData("audio/pcm;rate=48000")]
    public void Pcm_audio_is_accepted(string mimeType)
    {
        Validate("{\"realtimeInput\":{\"audio\":{\"mimeType\":\"" + mimeType + "\",\"data\":\"AAAA\"}}}", Rules(Live38));
    }

    [Theory]
    [InlineData("audio/wav")]
    [InlineData("audio/pcm;rate=7999")]
    [InlineData("audio/pcm;rate=48001")]
    [InlineData("audio/pcm; rate=16000")]
    [InlineData("audio/pcm;rate=")]
    [InlineData("audio/pcm;rate=+16000")]
    [InlineData("AUDIO/PCM")]
    public void Other_audio_mime_types_are_refused(string mimeType)
    {
        AssertRefused("{\"realtimeInput\":{\"audio\":{\"mimeType\":\"" + mimeType + "\",\"data\":\"AAAA\"}}}", Rules(Live38),
            $"realtime_input.audio.mime_type: unsupported MIME type \"{mimeType}\"");
    }

    [Fact]
    public void Audio_without_mime_type_is_refused()
    {
        AssertRefused("""{"realtimeInput":{"audio":{"data":"AAAA"}}}""", Rules(Live38), "realtime_input.audio.mime_type: unsupported MIME type \"\"");
    }

    [Theory]
    [InlineData("""{"realtimeInput":{"audio":{"mimeType":"audio/pcm"}}}""", "realtime_input.audio.data: required field is missing")]
    [InlineData("""{"realtimeInput":{"audio":{"mimeType":"audio/pcm","data":""}}}""", "realtime_input.audio.data: required field is missing")]
    [InlineData("""{"realtimeInput":{"video":{"mimeType":"image/jpeg"}}}""", "realtime_input.video.data: required field is missing")]
    public void Media_without_data_is_refused(string json, string reason)
    {
        AssertRefused(json, Rules(Live38), reason);
    }

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("image/png")]
    public void Jpeg_and_png_video_frames_are_accepted(string mimeType)
    {
        Validate("{\"realtimeInput\":{\"video\":{\"mimeType\":\"" + mimeType + "\",\"data\":\"AAAA\"}}}", Rules(Live38));
    }

    [Theory]
    [InlineData("image/gif")]
    [InlineData("video/mp4")]
    public void Other_video_mime_types_are_refused(string mimeType)
    {
        AssertRefused("{\"realtimeInput\":{\"video\":{\"mimeType\":\"" + mimeType + "\",\"data\":\"AAAA\"}}}", Rules(Live38),
            $"realtime_input.video.mime_type: unsupported MIME type \"{mimeType}\"");
    }

    [Theory]
    [InlineData("""{"realtimeInput":{"activityStart":{}}}""", "realtime_input.activity_start: only allowed when automatic activity detection is disabled")]
    [InlineData("""{"realtimeInput":{"activityEnd":{}}}""", "realtime_input.activity_end: only allowed when automatic activity detection is disabled")]
    public void Activity_signals_are_refused_with_automatic_detection(string json, string reason)
    {
        AssertRefused(json, Rules(Live38), reason);
    }

    [Fact]
    public void Audio_stream_end_is_refused_with_manual_detection()
    {
        AssertRefused("""{"realtimeInput":{"audioStreamEnd":true}}""", Rules(Live38, ManualVad),
            "realtime_input.audio_stream_end: only allowed when automatic activity detection is enabled");
    }

    [Fact]
    public void Audio_stream_end_is_accepted_with_automatic_detection()
    {
        Validate("""{"realtimeInput":{"audioStreamEnd":true}}""", Rules(Live38));
    }

    [Fact]
    public void Text_is_accepted_in_both_modes()
    {
        Validate("""{"realtimeInput":{"text":"hi"}}""", Rules(Live38));
        Validate("""{"realtimeInput":{"text":"hi"}}""", Rules(Live38, ManualVad));
    }

    // ---- clientContent (§4.2) ----

    [Theory]
    [InlineData("""{"clientContent":{"turns":[{"role":"system","parts":[{"text":"x"}]}]}}""", "Please use a valid role: user, model.")]
    [InlineData("""{"clientContent":{"turns":[{"parts":[{"text":"x"}]}]}}""", "Please use a valid role: user, model.")]
    [InlineData("""{"clientContent":{"turns":[{"role":"User","parts":[{"text":"x"}]}]}}""", "Please use a valid role: user, model.")]
    [InlineData("""{"clientContent":{"turns":[{"role":"user","parts":[{"text":"x"}]},{"role":"model","parts":[]}]}}""", "client_content.turns[1].parts: contents.parts must not be empty.")]
    [InlineData("""{"clientContent":{"turns":[{"role":"user"}]}}""", "client_content.turns[0].parts: contents.parts must not be empty.")]
    [InlineData("""{"clientContent":{"turns":[{"role":"user","parts":[{"text":"a"},{}]}]}}""", "client_content.turns[0].parts[1].data: required oneof field 'data' must have one initialized field")]
    [InlineData("""{"clientContent":{"turns":[{"role":"user","parts":[{"text":"a","inlineData":{"mimeType":"image/png","data":"AAAA"}}]}]}}""", "client_content.turns[0].parts[0].data: only one field of the oneof 'data' may be set")]
    public void Bad_turns_are_refused(string json, string reason)
    {
        AssertRefused(json, Rules(Live38), reason);
    }

    [Fact]
    public void History_with_both_roles_is_accepted_on_3_8()
    {
        Validate("""
            {"clientContent":{"turns":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello"}]}],"turnComplete":true}}
            """, Rules(Live38));
    }

    [Fact]
    public void Client_content_after_generation_started_is_an_internal_error_on_3_1()
    {
        EmulatorSessionRules rules = Rules(Live31);
        const string json = """{"clientContent":{"turns":[{"role":"user","parts":[{"text":"Hi"}]}],"turnComplete":true}}""";

        Validate(json, rules);
        rules.GenerationStarted = true;

        AssertRejected(1011, "Internal error encountered.", () => Validate(json, rules));
    }

    [Fact]
    public void Client_content_after_generation_started_is_accepted_on_3_8()
    {
        EmulatorSessionRules rules = Rules(Live38);
        rules.GenerationStarted = true;

        Validate("""{"clientContent":{"turns":[{"role":"user","parts":[{"text":"Hi"}]}],"turnComplete":true}}""", rules);
    }

    [Fact]
    public void Seed_ending_with_a_model_turn_cannot_complete_on_2_5()
    {
        AssertRefused("""
            {"clientContent":{"turns":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello"}]}],"turnComplete":true}}
            """, Rules(Native25), "Request contains an invalid argument.");
    }

    [Fact]
    public void Seed_ending_with_a_model_turn_is_accepted_on_2_5_while_incomplete()
    {
        EmulatorSessionRules rules = Rules(Native25);

        Validate("""{"clientContent":{"turns":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello"}]}]}}""", rules);
        Validate("""{"clientContent":{"turns":[{"role":"model","parts":[{"text":"Hello"}]},{"role":"user","parts":[{"text":"Hi"}]}],"turnComplete":true}}""", rules);
    }

    // ---- toolResponse (§4.4) ----

    private const string NonBlockingTools = """ "tools":[{"functionDeclarations":[{"name":"slow","behavior":"NON_BLOCKING"},{"name":"fast"}]}] """;

    [Theory]
    [InlineData("""{"toolResponse":{}}""", "tool_response.function_responses: must not be empty")]
    [InlineData("""{"toolResponse":{"functionResponses":[]}}""", "tool_response.function_responses: must not be empty")]
    [InlineData("""{"toolResponse":{"functionResponses":[{"name":"fast","response":{}}]}}""", "tool_response.function_responses[0].id: Id cannot be empty.")]
    [InlineData("""{"toolResponse":{"functionResponses":[{"id":"function-call-1","name":"fast","response":{}},{"id":"function-call-2","response":{}}]}}""", "tool_response.function_responses[1].name: Name cannot be empty.")]
    [InlineData("""{"toolResponse":{"functionResponses":[{"id":"function-call-1","name":"fast"}]}}""", "tool_response.function_responses[0].response: required field is missing")]
    [InlineData("""{"toolResponse":{"functionResponses":[{"id":"function-call-1","name":"fast","response":{},"scheduling":"SILENT"}]}}""", "tool_response.function_responses[0].scheduling: only allowed for NON_BLOCKING functions")]
    [InlineData("""{"toolResponse":{"functionResponses":[{"id":"function-call-1","name":"slow","response":{},"scheduling":"INTERRUPTED"}]}}""", "Invalid value at 'tool_response.function_responses[0].scheduling' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionResponse.Scheduling), \"INTERRUPTED\"")]
    public void Bad_tool_responses_are_refused(string json, string reason)
    {
        AssertRefused(json, Rules(Live38, NonBlockingTools), reason);
    }

    [Theory]
    [InlineData("SILENT")]
    [InlineData("WHEN_IDLE")]
    [InlineData("INTERRUPT")]
    public void Scheduling_is_accepted_for_non_blocking_functions(string scheduling)
    {
        Validate("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"function-call-1\",\"name\":\"slow\",\"response\":{\"output\":1},\"scheduling\":\"" + scheduling + "\"}]}}",
            Rules(Live38, NonBlockingTools));
    }

    [Fact]
    public void Several_responses_per_message_are_accepted()
    {
        Validate("""
            {"tool_response":{"function_responses":[{"id":"function-call-1","name":"fast","response":{"output":1}},
              {"id":"function-call-2","name":"slow","response":{"error":"boom"},"will_continue":true}]}}
            """, Rules(Live38, NonBlockingTools));
    }

    // ---- contextUpdate (§4.5) ----

    [Theory]
    [InlineData(Live31)]
    [InlineData(Native25)]
    public void Context_update_is_refused_before_3_8(string modelId)
    {
        AssertRefused("""{"contextUpdate":{"systemInstruction":{"parts":[{"text":"x"}]}}}""", Rules(modelId),
            $"context_update is not supported by models/{modelId}.");
    }

    [Fact]
    public void Context_update_is_accepted_on_3_8_and_changes_the_non_blocking_functions()
    {
        EmulatorSessionRules rules = Rules(Live38, NonBlockingTools);
        ClientMessage update = Read("""
            {"contextUpdate":{"systemInstruction":{"parts":[{"text":"x"}]},"tools":{"tools":[{"functionDeclarations":[{"name":"fast","behavior":"NON_BLOCKING"}]}]}}}
            """);

        ClientMessageValidator.Validate(update, rules);
        rules.ApplyContextUpdate(update.ContextUpdate!);

        Assert.True(rules.IsNonBlockingFunction("fast"));
        Assert.False(rules.IsNonBlockingFunction("slow"));
    }

    [Fact]
    public void Context_update_without_tools_keeps_the_functions()
    {
        EmulatorSessionRules rules = Rules(Live38, NonBlockingTools);

        rules.ApplyContextUpdate(Read("""{"contextUpdate":{"systemInstruction":{"parts":[{"text":"x"}]}}}""").ContextUpdate!);

        Assert.True(rules.IsNonBlockingFunction("slow"));
    }

    [Theory]
    [InlineData("""{"contextUpdate":{"tools":{"tools":[{"functionDeclarations":[{"name":"bad name"}]}]}}}""",
        "context_update.tools.tools[0].function_declarations[0].name: Invalid function name. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.")]
    [InlineData("""{"contextUpdate":{"tools":{"tools":[{"codeExecution":{}}]}}}""",
        "context_update.tools.tools[0].code_execution is not supported by models/gemini-3.8-live.")]
    [InlineData("""{"contextUpdate":{"systemInstruction":{"role":"user","parts":[{"text":"x"}]}}}""",
        "context_update.system_instruction.role: a system instruction takes no role")]
    public void Bad_context_update_is_refused_on_3_8(string json, string reason)
    {
        AssertRefused(json, Rules(Live38), reason);
    }

    [Fact]
    public void Session_rules_read_the_activity_detection_mode()
    {
        Assert.False(Rules(Live38).AutomaticActivityDetectionDisabled);
        Assert.True(Rules(Live38, ManualVad).AutomaticActivityDetectionDisabled);
    }
}
