using System.Text;
using GeminiRealtime.Emulator.Rest;
using GeminiRealtime.Models;

namespace GeminiRealtime.Tests.Emulator.Rest;

/// <summary>The deterministic generateContent model: the reply rules, token counts, the maxOutputTokens cut.</summary>
public class EmulatorTextModelTests
{
    private const string Model = "gemini-2.5-flash";

    [Fact]
    public void AQuestionLine_IsAnswered_WithTheConversationLinesCounted()
    {
        string input = "User: hello\n  Model: hi there\nUser: what about the supervisor?\nNote: not counted\n  Question:   What did they want?  ";
        Assert.Equal("Answer from gemini-2.5-flash to \"What did they want?\" (context: 3 conversation line(s)).", EmulatorTextModel.ReplyText(Model, input));
        Assert.Equal("Answer from gemini-3-pro-preview to \"\" (context: 0 conversation line(s)).", EmulatorTextModel.ReplyText("gemini-3-pro-preview", "Question:"));
    }

    [Fact]
    public void TheLastQuestionLine_IsTheOneAnswered()
    {
        Assert.Equal("Answer from gemini-2.5-flash to \"second\" (context: 1 conversation line(s)).",
            EmulatorTextModel.ReplyText(Model, "Question: first\nUser: x\nQuestion: second"));
    }

    [Theory]
    [InlineData("User: please ask the Supervisor now", "Guidance: the user asked the supervisor: please ask the Supervisor now")]
    [InlineData("Model: ok\n   User:   supervisor, help!   ", "Guidance: the user asked the supervisor: supervisor, help!")]
    [InlineData("User: supervisor?\nModel: yes\nUser: SUPERVISOR", "Guidance: the user asked the supervisor: SUPERVISOR")]
    public void TheLastUserLine_NamingTheSupervisor_GetsGuidance(string input, string reply)
    {
        Assert.Equal(reply, EmulatorTextModel.ReplyText(Model, input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("User: call the supervisors")]
    [InlineData("User: supervisor_mode on")]
    [InlineData("User: ask the supervisor\nUser: never mind")]
    [InlineData("Model: the supervisor says hi")]
    [InlineData("user: supervisor")]
    [InlineData("question: lower case is not a question")]
    [InlineData("Tell the supervisor")]
    public void AnythingElse_IsNone(string input)
    {
        Assert.Equal("NONE", EmulatorTextModel.ReplyText(Model, input));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(8, 2)]
    public void Tokens_AreCharactersOverFourRoundedUp(int characters, int tokens)
    {
        Assert.Equal(tokens, EmulatorTextModel.Tokens(characters));
    }

    private static EmulatorGenerateContentRequest Request(string text, int maxOutputTokens = 0) => EmulatorGenerateContentRequest.Parse(
        Encoding.UTF8.GetBytes("{\"systemInstruction\":{\"parts\":[{\"text\":\"sys\"}]},\"contents\":[{\"parts\":[{\"text\":"
            + System.Text.Json.JsonSerializer.Serialize(text) + "}]}]"
            + (maxOutputTokens > 0 ? ",\"generationConfig\":{\"maxOutputTokens\":" + maxOutputTokens + "}" : "") + "}"),
        TextModelCatalog.Find(Model)!, "v1beta");

    [Fact]
    public void Answer_CountsPromptAndReply()
    {
        EmulatorTextReply reply = EmulatorTextModel.Answer(Model, Request("Question: why?"));
        string expected = "Answer from gemini-2.5-flash to \"why?\" (context: 0 conversation line(s)).";
        Assert.Equal(expected, reply.Text);
        Assert.Equal("STOP", reply.FinishReason);
        Assert.Equal((3 + 14 + 3) / 4, reply.PromptTokens);
        Assert.Equal((expected.Length + 3) / 4, reply.CandidatesTokens);
        Assert.Equal(reply.PromptTokens + reply.CandidatesTokens, reply.TotalTokens);
    }

    [Fact]
    public void MaxOutputTokens_CutsTheReply()
    {
        EmulatorTextReply reply = EmulatorTextModel.Answer(Model, Request("User: ask the supervisor", maxOutputTokens: 3));
        Assert.Equal("Guidance: th", reply.Text);
        Assert.Equal("MAX_TOKENS", reply.FinishReason);
        Assert.Equal(3, reply.CandidatesTokens);

        EmulatorTextReply fits = EmulatorTextModel.Answer(Model, Request("hello", maxOutputTokens: 1));
        Assert.Equal(("NONE", "STOP"), (fits.Text, fits.FinishReason));
    }
}
