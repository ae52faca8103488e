using GeminiRealtime.Models;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Tests.Session;

public class TranscriptTests
{
    private static GeminiTranscript Sample()
    {
        var t = new GeminiTranscript("gemini-3.8-live");
        DateTimeOffset at = new(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(1));
        t.Add(new TranscriptEntry(TranscriptRole.User, TranscriptEntryKind.Text, "Hello \"there\"\nline two ✓", at) { Source = "realtimeInput.text", ConnectionId = 3 });
        t.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.ToolCall, "call get_weather", at.AddSeconds(1)) { Name = "get_weather", CallId = "function-call-1", Json = "{\"city\":\"Paris\"}" });
        t.Add(new TranscriptEntry(TranscriptRole.Tool, TranscriptEntryKind.ToolResult, "get_weather returned", at.AddSeconds(2)) { Name = "get_weather", CallId = "function-call-1", Json = "{\"output\":{\"tempC\":11}}" });
        t.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.Text, "It is 11 °C.", at.AddSeconds(3)) { Interrupted = true, PromptTokens = 4, ResponseTokens = 8, TotalTokens = 12 });
        return t;
    }

    [Fact]
    public void Json_document_and_json_lines_round_trip_every_field()
    {
        GeminiTranscript original = Sample();
        string document = TranscriptJson.ToDocument(original.Model, original.Entries);
        string lines = string.Join("\n", original.Entries.Select(TranscriptJson.ToJsonLine)) + "\n";
        foreach (string text in new[] { document, lines })
        {
            GeminiTranscript back = TranscriptJson.Parse(text);
            Assert.Equal(original.Count, back.Count);
            for (int i = 0; i < original.Count; i++)
                Assert.Equal(TranscriptJson.ToJsonLine(original.Entries[i]), TranscriptJson.ToJsonLine(back.Entries[i]));
        }
        Assert.Equal("gemini-3.8-live", TranscriptJson.Parse(document).Model);
        Assert.Throws<FormatException>(() => TranscriptJson.Parse("{\"no\":1}\nnot json"));
    }

    [Fact]
    public void Markdown_is_readable()
    {
        string md = TranscriptMarkdown.Render("gemini-3.8-live", Sample().Entries);
        Assert.StartsWith("# Gemini conversation with gemini-3.8-live", md);
        Assert.Contains("> Hello \"there\"\n> line two ✓", md);
        Assert.Contains("**Tool call** `get_weather`", md);
        Assert.Contains("*interrupted*", md);
    }

    [Fact]
    public void Seed_follows_each_models_clientContent_rules_and_summarises_when_too_long()
    {
        IReadOnlyList<TranscriptEntry> dialogue = Sample().Dialogue();
        List<Content> live38 = ConversationSeed.Build(dialogue, ModelCatalog.Find("gemini-3.8-live"));
        Assert.Equal(new[] { "user", "model" }, live38.Select(c => c.Role));
        List<Content> native25 = ConversationSeed.Build(dialogue, ModelCatalog.Find("gemini-2.5-flash-native-audio-preview-12-2025"));
        Assert.Equal("user", native25[^1].Role);
        Assert.Equal(ConversationSeed.ContinuationNote, native25[^1].Parts![0].Text);

        var longOne = new GeminiTranscript();
        for (int i = 0; i < 40; i++)
        {
            longOne.Add(new TranscriptEntry(TranscriptRole.User, TranscriptEntryKind.Text, $"question {i} " + new string('x', 100), DateTimeOffset.Now));
            longOne.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.Text, $"answer {i} " + new string('y', 100), DateTimeOffset.Now));
        }
        List<Content> cut = ConversationSeed.Build(longOne.Dialogue(), ModelCatalog.Find("gemini-3.8-live"), maxCharacters: 1000);
        Assert.StartsWith(ConversationSeed.SummaryPrefix, cut[0].Parts![0].Text);
        Assert.StartsWith("answer 39", cut[^1].Parts![0].Text);
        Assert.True(cut.Sum(c => c.Parts![0].Text!.Length) < 1500);
    }
}
