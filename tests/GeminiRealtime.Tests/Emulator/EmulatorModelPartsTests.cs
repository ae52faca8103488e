using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tests.Emulator;

/// <summary>The deterministic model's building blocks, without a socket.</summary>
public class EmulatorModelPartsTests
{
    [Theory]
    [InlineData("You said: x", 31680)] // 11 characters × 60 ms = 660 ms × 48 bytes/ms
    [InlineData("", 24000)] // at least 500 ms
    public void ReplyAudio_Is60MsPerCharacter_AtLeastHalfASecond_InServiceSizedChunks(string text, int totalBytes)
    {
        EmulatorAudioReply audio = EmulatorAudioReply.Render(text);
        Assert.Equal(totalBytes, audio.Pcm.Length);
        Assert.Equal(9600, audio.Chunks[0].Length);
        Assert.All(audio.Chunks.Skip(1).SkipLast(1), c => Assert.Equal(11520, c.Length));
        Assert.Equal(audio.Pcm.Length, audio.Chunks.Sum(c => c.Length));
    }

    [Fact]
    public void TranscriptPieces_ConcatenateToTheText_AndFollowTheTones()
    {
        const string text = "You said:  two  spaces and a tail ";
        EmulatorAudioReply audio = EmulatorAudioReply.Render(text);
        Assert.Equal(text, string.Concat(audio.Chunks.Select(c => c.Transcript)));
        Assert.Equal("You", audio.Chunks[0].Transcript![..3]);
        Assert.Equal(new[] { "You", " said:", "  two", "  spaces", " and", " a", " tail " }, EmulatorTextSplitter.SplitWords(text));
    }

    [Fact]
    public void Frequencies_DependOnTheWordOnly()
    {
        Assert.Equal(EmulatorSpeech.FrequencyOf("Hello"), EmulatorSpeech.FrequencyOf("hello"));
        Assert.InRange(EmulatorSpeech.FrequencyOf("hello"), 220, 807.5);
        Assert.NotEqual(EmulatorSpeech.FrequencyOf("hello"), EmulatorSpeech.FrequencyOf("world"));
    }

    [Fact]
    public void TextFragments_AreSevenUnits_NeverSplittingASurrogatePair()
    {
        Assert.Equal(new[] { "You sai", "d: hell", "o" }, EmulatorTextSplitter.SplitFragments("You said: hello"));
        List<string> emoji = EmulatorTextSplitter.SplitFragments("abcdef😀gh");
        Assert.Equal(new[] { "abcdef😀", "gh" }, emoji);
    }

    [Fact]
    public void FunctionCallIds_Have19Digits()
    {
        var ids = new FunctionCallIdSequence();
        var seen = new HashSet<string>();
        for (int i = 0; i < 1000; i++)
        {
            string id = ids.Next();
            Assert.Matches("^function-call-[1-9][0-9]{18}$", id);
            Assert.True(seen.Add(id));
        }
        Assert.Equal(new FunctionCallIdSequence().Next(), new FunctionCallIdSequence().Next());
    }

    [Fact]
    public void Arguments_FromJsonSchema_CoverConstEnumNestingAndTupleItems()
    {
        var declaration = new FunctionDeclaration
        {
            Name = "book",
            ParametersJsonSchema = JsonDocument.Parse("""
                {"type":"object","properties":{
                  "city":{"type":"string"},"kind":{"enum":[3,"x"]},"fixed":{"const":{"a":1}},
                  "when":{"anyOf":[{"type":"integer"},{"type":"string"}]},
                  "seats":{"type":"array","items":[{"type":"number"}]},
                  "who":{"type":"object","properties":{"name":{"type":"string"}}},
                  "none":{"type":"null"}}}
                """).RootElement,
        };
        JsonElement args = EmulatorToolArguments.Build(declaration, "please BOOK Rome");
        Assert.Equal("""{"city":"Rome","kind":3,"fixed":{"a":1},"when":42,"seats":[1.5],"who":{"name":"Rome"},"none":null}""", JsonSerializer.Serialize(args));
    }

    [Theory]
    [InlineData("get_x city=Paris", "Paris")]
    [InlineData("get_x City: 'New York' now", "New York")]
    [InlineData("get_x city = \"Bonn\".", "Bonn")]
    [InlineData("call get_x, Lyon.", "Lyon")]
    [InlineData("get_x", "city")]
    public void StringArguments_FollowTheDocumentedRules(string text, string expected)
    {
        Assert.Equal(expected, EmulatorToolArguments.StringValue("city", text, "get_x"));
    }

    [Theory]
    [InlineData("call get_x now", true)]
    [InlineData("call GET_X now", true)]
    [InlineData("call get_xy now", false)]
    [InlineData("call my_get_x now", false)]
    [InlineData("(get_x)", true)]
    public void FunctionNames_MatchAsWholeWordsIgnoringCase(string text, bool matches)
    {
        var tools = new List<Tool> { new() { FunctionDeclarations = new List<FunctionDeclaration> { new() { Name = "get_x" } } } };
        Assert.Equal(matches, EmulatorFunctionMatcher.Named(tools, text).Count == 1);
    }

    [Fact]
    public void Usage_OmitsZeroCounts()
    {
        UsageMetadata usage = EmulatorUsage.Build(3, 0, Modality.Audio);
        Assert.Equal(3, usage.PromptTokenCount);
        Assert.Null(usage.ResponseTokenCount);
        Assert.Null(usage.ResponseTokensDetails);
        Assert.Equal(3, usage.TotalTokenCount);
        Assert.Equal(25, EmulatorUsage.AudioTokens(1000));
        Assert.Equal(13, EmulatorUsage.AudioTokens(500.1));
    }

    [Fact]
    public void ResumptionHandles_ExpireTwoHoursAfterTheirSessionEnds()
    {
        DateTimeOffset now = DateTimeOffset.UnixEpoch;
        var store = new EmulatorResumptionStore(() => now);
        string handle = store.Issue(7, "gemini-3.8-live", new[] { new EmulatorHistoryEntry("user", "hi") });
        now += TimeSpan.FromHours(1);
        store.SessionEnded(7);
        now += TimeSpan.FromHours(1.9);
        Assert.True(store.TryGet(handle, out string model, out IReadOnlyList<EmulatorHistoryEntry> history));
        Assert.Equal("gemini-3.8-live", model);
        Assert.Equal("hi", history[0].Text);
        now += TimeSpan.FromHours(0.2);
        Assert.False(store.TryGet(handle, out _, out _));
    }

    [Fact]
    public void Redaction_HidesKeysAndTokens()
    {
        Assert.Equal("//ws/x?alt=1&key=***&access_token=***", EmulatorCredentials.RedactTarget("//ws/x?alt=1&key=AIza+/=&access_token=auth_tokens/abc"));
        IReadOnlyDictionary<string, string> headers = EmulatorCredentials.RedactHeaders(new Dictionary<string, string> { ["X-Goog-Api-Key"] = "k", ["authorization"] = "Token t", ["Host"] = "h" });
        Assert.Equal("***", headers["x-goog-api-key"]);
        Assert.Equal("***", headers["Authorization"]);
        Assert.Equal("h", headers["host"]);
    }

    [Theory]
    [InlineData("/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent", "v1beta", false)]
    [InlineData("//ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent", "v1", false)]
    [InlineData("/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained", "v1alpha", true)]
    [InlineData("/ws/google.ai.generativelanguage.v2.GenerativeService.BidiGenerateContent", null, false)]
    [InlineData("///ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent", null, false)]
    [InlineData("/ws/google.ai.generativelanguage.v1.GenerativeService.bidiGenerateContent", null, false)]
    public void Routes(string path, string? version, bool constrained)
    {
        EmulatorRoute? route = EmulatorRoute.Match(path);
        Assert.Equal(version, route?.ApiVersion);
        if (route != null) Assert.Equal(constrained, route.Constrained);
    }
}
