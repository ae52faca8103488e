using System.Text;
using System.Text.Json;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tests.Protocol;

public class SampleRoundTripTests
{
    [Theory]
    [MemberData(nameof(SampleFrames.ServerFrames), MemberType = typeof(SampleFrames))]
    public void Server_frame_parses_and_reserializes_byte_for_byte(string name)
    {
        byte[] original = SampleFrames.Read(name);
        using ServerMessage message = ProtocolJson.DeserializeServerMessage(original);

        Assert.Null(message.AdditionalFields);
        Assert.NotEqual("empty", message.Kind);
        if (name.Contains("reconstructed"))
        {
            // Written compact by hand (see the samples' README): compare the JSON, not the bytes.
            AssertJsonEqual(original, ProtocolJson.SerializeServerMessageCompact(message));
        }
        else
        {
            // The service's framing: 2-space pretty JSON, proto field order, trailing newline.
            Assert.Equal(Encoding.UTF8.GetString(original), Encoding.UTF8.GetString(ProtocolJson.SerializeServerMessagePretty(message)));
        }
    }

    [Theory]
    [MemberData(nameof(SampleFrames.ClientFrames), MemberType = typeof(SampleFrames))]
    public void Client_frame_parses_and_reserializes_to_the_same_json(string name)
    {
        byte[] original = SampleFrames.Read(name);
        ClientMessage message = ProtocolJson.DeserializeClientMessage(original);
        if (name.Contains("snake-case"))
        {
            // The client only speaks camelCase; a snake_case frame is kept raw, never lost (the emulator reads both).
            Assert.NotNull(message.AdditionalFields);
            Assert.True(message.AdditionalFields!.ContainsKey("realtime_input"));
            return;
        }
        Assert.Null(message.AdditionalFields);
        Assert.Single(message.PresentKinds());
        AssertJsonEqual(original, ProtocolJson.SerializeClientMessage(message));
    }

    [Fact]
    public void Audio_sample_decodes_to_9600_bytes_of_pcm_from_a_pooled_buffer()
    {
        using ServerMessage message = ProtocolJson.DeserializeServerMessage(SampleFrames.Read("09-server-modelTurn-audio-9600B.gemini.json"));
        Blob blob = message.ServerContent!.ModelTurn!.Parts![0].InlineData!;
        Assert.Equal("audio/pcm;rate=24000", blob.MimeType);
        Assert.Equal(9600, blob.Data!.Length);
        Assert.True(blob.Data.IsPooled);
        string base64 = JsonDocument.Parse(SampleFrames.Read("09-server-modelTurn-audio-9600B.gemini.json"))
            .RootElement.GetProperty("serverContent").GetProperty("modelTurn").GetProperty("parts")[0].GetProperty("inlineData").GetProperty("data").GetString()!;
        Assert.Equal(Convert.FromBase64String(base64), blob.Data.ToArray());
    }

    [Fact]
    public void Tool_call_sample_keeps_id_name_and_args()
    {
        using ServerMessage message = ProtocolJson.DeserializeServerMessage(SampleFrames.Read("08-server-toolCall.gemini.json"));
        FunctionCall call = Assert.Single(message.ToolCall!.FunctionCalls!);
        Assert.Equal("function-call-5831923424298605773", call.Id);
        Assert.Equal("get_current_weather", call.Name);
        Assert.Equal("Redmond, WA", call.Args!.Value.GetProperty("location").GetString());
    }

    [Fact]
    public void GoAway_time_left_parses_as_a_duration()
    {
        using ServerMessage message = ProtocolJson.DeserializeServerMessage(SampleFrames.Read("29-server-goAway.reconstructed.json"));
        Assert.Equal(TimeSpan.FromSeconds(50), message.GoAway!.TimeLeftSpan);
        Assert.Equal("1.500s", ProtoDuration.Format(TimeSpan.FromMilliseconds(1500)));
        Assert.True(ProtoDuration.TryParse("1.5", out TimeSpan bare));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), bare);
        Assert.False(ProtoDuration.TryParse("soon", out _));
        Assert.Equal("50s", ProtoDuration.Format(TimeSpan.FromSeconds(50)));
    }

    [Fact]
    public void Unknown_server_fields_and_messages_are_kept_not_fatal()
    {
        const string json = "{\n  \"serverContent\": {\n    \"turnComplete\": true,\n    \"brandNewField\": {\"x\": 1}\n  },\n  \"voiceActivityDetectionSignal\": {\"type\": \"START\"}\n}\n";
        using ServerMessage message = ProtocolJson.DeserializeServerMessage(Encoding.UTF8.GetBytes(json));
        Assert.True(message.ServerContent!.TurnComplete);
        Assert.True(message.ServerContent.AdditionalFields!.ContainsKey("brandNewField"));
        Assert.True(message.AdditionalFields!.ContainsKey("voiceActivityDetectionSignal"));
    }

    [Fact]
    public void Int64_fields_accept_strings_and_numbers()
    {
        ClientMessage a = ProtocolJson.DeserializeClientMessage("{\"setup\":{\"model\":\"models/x\",\"contextWindowCompression\":{\"triggerTokens\":\"25600\",\"slidingWindow\":{\"targetTokens\":12800}}}}"u8);
        Assert.Equal(25600, a.Setup!.ContextWindowCompression!.TriggerTokens);
        Assert.Equal(12800, a.Setup.ContextWindowCompression.SlidingWindow!.TargetTokens);
    }

    [Fact]
    public void Url_safe_and_unpadded_base64_decode()
    {
        byte[] bytes = { 0xfb, 0xff, 0xfe, 0x01 };
        string urlSafe = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        using Base64Data data = Base64Data.Decode(Encoding.ASCII.GetBytes(urlSafe));
        Assert.Equal(bytes, data.ToArray());
        Assert.Throws<JsonException>(() => Base64Data.Decode("!!!"u8));
    }

    [Fact]
    public void Client_messages_use_the_current_wire_fields_in_camelCase()
    {
        var message = new ClientMessage { RealtimeInput = new RealtimeInput { Audio = new Blob { MimeType = "audio/pcm;rate=16000", Data = new Base64Data(new byte[] { 1, 2, 3 }) } } };
        string json = Encoding.UTF8.GetString(ProtocolJson.SerializeClientMessage(message));
        Assert.Equal("{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate=16000\",\"data\":\"AQID\"}}}", json);
        Assert.DoesNotContain("mediaChunks", json);
    }

    private static void AssertJsonEqual(byte[] expected, byte[] actual)
    {
        using JsonDocument a = JsonDocument.Parse(expected);
        using JsonDocument b = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(a.RootElement, b.RootElement),
            $"JSON differs.\nexpected: {Encoding.UTF8.GetString(expected)}\nactual:   {Encoding.UTF8.GetString(actual)}");
    }
}
