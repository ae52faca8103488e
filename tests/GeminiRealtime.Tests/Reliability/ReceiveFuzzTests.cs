using System.Text;
using System.Text.Json;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tests.Reliability;

/// <summary>
/// ProtocolJson.DeserializeServerMessage against thousands of malformed frames: the receive loop only catches
/// JsonException (a malformed frame is counted, the session goes on), so anything else would end the session with a
/// confusing error. Deterministic seeds; GEMINIREALTIME_FUZZ_SCALE multiplies the case count (bench/Invoke-Fuzz.ps1).
/// </summary>
public class ReceiveFuzzTests
{
    [Theory]
    [InlineData(20261101)]
    [InlineData(7)]
    public void Decoding_a_malformed_server_frame_throws_only_JsonException(int seed)
    {
        List<byte[]> seeds = FuzzCorpus.ServerSeeds();
        int cases = 1500 * FuzzCorpus.Scale;
        var failures = new List<string>();
        int rejected = 0, accepted = 0;
        Bounded.Run(Bounded.Scaled(20), () =>
        {
            var random = new Random(seed);
            for (int i = 0; i < cases; i++)
            {
                byte[] frame = FuzzCorpus.Mutate(random, seeds, out string kind);
                try
                {
                    using ServerMessage message = ProtocolJson.DeserializeServerMessage(frame);
                    Touch(message);
                    accepted++;
                }
                catch (JsonException)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    if (failures.Count < 10)
                        failures.Add($"case {i} ({kind}): {ex.GetType().FullName}: {ex.Message} | frame: {Preview(frame)}");
                    else failures.Add(string.Empty);
                }
            }
        }, $"{cases} decodes");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} frames threw something other than JsonException:\n" + string.Join("\n", failures.Where(f => f.Length > 0)));
        Assert.True(rejected > cases / 4, $"Only {rejected} of {cases} frames were rejected: the corpus is not malformed enough.");
        Assert.True(accepted > 0, "No frame was accepted: the corpus lost its valid seeds.");
    }

    [Theory]
    [InlineData("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"data\":\"A\"}}]}}}")]
    [InlineData("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"data\":\"@@@@\"}}]}}}")]
    [InlineData("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"data\":123}}]}}}")]
    [InlineData("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"thoughtSignature\":\"AA\\u0000A\"}]}}}")]
    [InlineData("{\"usageMetadata\":{\"totalTokenCount\":1e400}}")]
    [InlineData("{\"serverContent\":{\"turnComplete\":\"yes\"}}")]
    [InlineData("{\"sessionResumptionUpdate\":{\"lastConsumedClientMessageIndex\":\"x\"}}")]
    [InlineData("{\"serverContent\":{\"outputTranscription\":{\"text\":\"\\ud800\"}}}")]
    public void Known_malformed_frames_are_JsonExceptions(string frame)
    {
        Assert.Throws<JsonException>(() => ProtocolJson.DeserializeServerMessage(Encoding.UTF8.GetBytes(frame)).Dispose());
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_a_JsonException()
    {
        byte[] frame = [.. "{\"serverContent\":{\"outputTranscription\":{\"text\":\""u8, 0xC3, 0x28, .. "\"}}}"u8];
        Assert.Throws<JsonException>(() => ProtocolJson.DeserializeServerMessage(frame).Dispose());
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_JsonException_not_a_stack_overflow()
    {
        string deep = "{\"serverContent\":{\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}}";
        Bounded.Run(TimeSpan.FromSeconds(10), () =>
            Assert.Throws<JsonException>(() => ProtocolJson.DeserializeServerMessage(Encoding.UTF8.GetBytes(deep)).Dispose()), "deep nesting");
    }

    internal static void Touch(ServerMessage message)
    {
        _ = message.Kind;
        _ = message.GoAway?.TimeLeftSpan;
        foreach (Part part in message.ServerContent?.ModelTurn?.Parts ?? [])
        {
            if (part?.InlineData?.Data is { } data) _ = data.Memory.Length;
            if (part?.ThoughtSignature is { } signature) _ = signature.Memory.Length;
        }
    }

    internal static string Preview(byte[] frame)
    {
        string text = Encoding.UTF8.GetString(frame, 0, Math.Min(frame.Length, 200));
        return text.Replace("\n", "\\n") + (frame.Length > 200 ? $"… ({frame.Length} B)" : string.Empty);
    }
}
