using GeminiRealtime.Models;
using GeminiRealtime.Supervision;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Tests.Supervision;

public sealed class SupervisorPromptTests
{
    private static GeminiTranscript Sample()
    {
        var transcript = new GeminiTranscript("gemini-3.8-live");
        DateTimeOffset now = DateTimeOffset.Now;
        transcript.Add(new TranscriptEntry(TranscriptRole.User, TranscriptEntryKind.Text, "What is the\nweather?", now));
        transcript.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.ToolCall, "call", now) { Name = "Get-Weather", Json = "{\"City\":\"Oslo\"}" });
        transcript.Add(new TranscriptEntry(TranscriptRole.Tool, TranscriptEntryKind.ToolResult, "result", now) { Name = "Get-Weather", Json = "{\"output\":\"rain\"}" });
        transcript.Add(new TranscriptEntry(TranscriptRole.Model, TranscriptEntryKind.Text, "It rains.", now) { Interrupted = true });
        transcript.Add(new TranscriptEntry(TranscriptRole.System, TranscriptEntryKind.Event, "Reconnected", now));
        transcript.Add(new TranscriptEntry(TranscriptRole.Supervisor, TranscriptEntryKind.Guidance, "Mention the umbrella.", now));
        return transcript;
    }

    [Fact]
    public void Conversation_renders_one_line_per_entry_oldest_first_and_skips_events()
    {
        string text = SupervisorPrompt.Conversation(Sample());
        Assert.Equal(
            "Conversation so far (oldest first):\n"
            + "User: What is the weather?\n"
            + "Tool call: Get-Weather {\"City\":\"Oslo\"}\n"
            + "Tool result: Get-Weather {\"output\":\"rain\"}\n"
            + "Model: It rains. (interrupted)\n"
            + "Supervisor guidance: Mention the umbrella.\n",
            text);
    }

    [Fact]
    public void Conversation_keeps_the_newest_lines_within_the_budget_and_says_how_many_were_left_out()
    {
        var transcript = new GeminiTranscript();
        for (int i = 0; i < 100; i++) transcript.Add(new TranscriptEntry(TranscriptRole.User, TranscriptEntryKind.Text, "line " + i.ToString("D3"), DateTimeOffset.Now));
        string text = SupervisorPrompt.Conversation(transcript, maxTranscriptCharacters: 10 * "User: line 000\n".Length);
        Assert.Contains("(90 earlier line(s) left out)", text);
        Assert.Contains("User: line 099", text);
        Assert.Contains("User: line 090", text);
        Assert.DoesNotContain("User: line 089", text);
    }

    [Fact]
    public void Ask_ends_with_the_question_on_one_line_and_review_with_the_task()
    {
        string ask = SupervisorPrompt.Ask(Sample(), "Is it\nsafe?");
        Assert.EndsWith("\nQuestion: Is it safe?\n", ask);
        string review = SupervisorPrompt.Review(Sample());
        Assert.EndsWith("\n" + SupervisorPrompt.ReviewTask + "\n", review);
        Assert.Contains("exactly NONE", review);
        Assert.Contains("(nothing yet)", SupervisorPrompt.Review(new GeminiTranscript()));
    }

    [Theory]
    [InlineData("NONE")]
    [InlineData(" none. ")]
    [InlineData("\"NONE\"")]
    [InlineData("**NONE**")]
    [InlineData("")]
    [InlineData("   ")]
    public void A_review_answer_of_none_is_no_guidance(string answer) => Assert.Null(SupervisorPrompt.GuidanceOf(answer));

    [Fact]
    public void Any_other_review_answer_is_the_guidance_trimmed() =>
        Assert.Equal("Tell the user about NONE of the risks.", SupervisorPrompt.GuidanceOf("  Tell the user about NONE of the risks.\n"));

    [Fact]
    public void Guidance_goes_as_a_user_clientContent_turn_without_turnComplete_and_is_capped()
    {
        var message = SupervisorGuidance.ToMessage(new string('x', SupervisorGuidance.MaxCharacters + 50));
        Assert.NotNull(message.ClientContent);
        Assert.False(message.ClientContent!.TurnComplete);
        var turn = Assert.Single(message.ClientContent.Turns!);
        Assert.Equal("user", turn.Role);
        string text = turn.Parts![0].Text!;
        Assert.StartsWith(SupervisorGuidance.Prefix, text);
        Assert.Equal(SupervisorGuidance.Prefix.Length + SupervisorGuidance.MaxCharacters + 1, text.Length);
        string json = System.Text.Encoding.UTF8.GetString(GeminiRealtime.Protocol.ProtocolJson.SerializeClientMessage(message));
        Assert.Contains("\"clientContent\"", json);
        Assert.DoesNotContain("\"turnComplete\":true", json);
    }

    [Fact]
    public void Guidance_cannot_be_pushed_into_a_model_that_takes_clientContent_only_as_initial_history()
    {
        Assert.False(SupervisorGuidance.CanPush(ModelCatalog.Find("gemini-3.1-flash-live-preview")));
        Assert.True(SupervisorGuidance.CanPush(ModelCatalog.Find("gemini-3.8-live")));
        Assert.True(SupervisorGuidance.CanPush(ModelCatalog.Find("gemini-2.5-flash-native-audio-latest")));
        Assert.True(SupervisorGuidance.CanPush(null));
    }
}
