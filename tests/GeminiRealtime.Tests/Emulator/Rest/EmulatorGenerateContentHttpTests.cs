using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tests.Emulator.Rest;

/// <summary>POST /{version}/models/{model}:generateContent over a real socket: keys, routing, checks, replies, the counter.</summary>
public class EmulatorGenerateContentHttpTests
{
    private const string Hello = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello\"}]}]}";

    private sealed record Answer(HttpStatusCode Status, string Text, string? ContentType)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;

        public string ErrorMessage => Json.GetProperty("error").GetProperty("message").GetString()!;

        public string ErrorStatus => Json.GetProperty("error").GetProperty("status").GetString()!;

        public string ReplyText => Json.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString()!;
    }

    private static async Task<Answer> PostAsync(GeminiEmulator emulator, string relative, string body, CancellationToken token, string? headerKey = EmulatorTestClient.TestKey, HttpContent? content = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Endpoint + relative))
        {
            Content = content ?? new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (headerKey != null) request.Headers.Add("x-goog-api-key", headerKey);
        using HttpResponseMessage response = await http.SendAsync(request, token);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(token), response.Content.Headers.ContentType?.MediaType);
    }

    private static string UserText(string text, string extra = "") =>
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + JsonSerializer.Serialize(text) + "}]}]" + extra + "}";

    [Theory]
    [InlineData("v1beta", "gemini-3-pro-preview")]
    [InlineData("v1", "gemini-3-flash-preview")]
    [InlineData("v1alpha", "gemini-2.5-pro")]
    [InlineData("v1beta", "gemini-2.5-flash")]
    [InlineData("v1beta", "gemini-2.5-flash-lite")]
    public async Task EveryTextModel_AnswersAQuestion_InTheServicesShape(string version, string model)
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        string input = "User: where is my order?\nModel: checking\nQuestion: Is the user upset?";
        Answer answer = await PostAsync(emulator, $"{version}/models/{model}:generateContent", UserText(input), cts.Token);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Contains("\n  \"candidates\": [", answer.Text); // pretty-printed
        JsonElement json = answer.Json;
        Assert.Equal(new[] { "candidates", "usageMetadata", "modelVersion", "responseId" }, json.EnumerateObject().Select(p => p.Name));
        JsonElement candidate = json.GetProperty("candidates")[0];
        string expected = $"Answer from {model} to \"Is the user upset?\" (context: 2 conversation line(s)).";
        Assert.Equal(expected, answer.ReplyText);
        Assert.Equal("model", candidate.GetProperty("content").GetProperty("role").GetString());
        Assert.Equal("STOP", candidate.GetProperty("finishReason").GetString());
        Assert.Equal(0, candidate.GetProperty("index").GetInt32());
        JsonElement usage = json.GetProperty("usageMetadata");
        Assert.Equal((input.Length + 3) / 4, usage.GetProperty("promptTokenCount").GetInt32());
        Assert.Equal((expected.Length + 3) / 4, usage.GetProperty("candidatesTokenCount").GetInt32());
        Assert.Equal((input.Length + 3) / 4 + (expected.Length + 3) / 4, usage.GetProperty("totalTokenCount").GetInt32());
        Assert.Equal(model, json.GetProperty("modelVersion").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{22}$", json.GetProperty("responseId").GetString());
        Assert.Equal(1, emulator.GenerateContentRequests);
    }

    [Fact]
    public async Task TheSupervisorRule_AndNone_AndTheLastUserContent()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        const string Path = "v1beta/models/gemini-2.5-flash:generateContent";
        Answer guidance = await PostAsync(emulator, Path, UserText("Model: hello\nUser:  I want the SUPERVISOR please "), cts.Token);
        Assert.Equal("Guidance: the user asked the supervisor: I want the SUPERVISOR please", guidance.ReplyText);

        Answer none = await PostAsync(emulator, Path, UserText("User: nothing special"), cts.Token);
        Assert.Equal("NONE", none.ReplyText);

        // Only the LAST user content is the input: the earlier one names the supervisor, the model turn is ignored.
        Answer last = await PostAsync(emulator, Path,
            "{\"contents\":[{\"parts\":[{\"text\":\"User: supervisor!\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"User: hi\"},{\"text\":\"Question: ok?\"}]},"
            + "{\"role\":\"model\",\"parts\":[{\"text\":\"Question: not this\"}]}]}", cts.Token);
        Assert.Equal("Answer from gemini-2.5-flash to \"ok?\" (context: 1 conversation line(s)).", last.ReplyText);
        Assert.Equal(3, emulator.GenerateContentRequests);
    }

    [Fact]
    public async Task MaxOutputTokens_CutsTheReply_WithMaxTokens()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        Answer answer = await PostAsync(emulator, "v1beta/models/gemini-2.5-flash:generateContent",
            UserText("User: supervisor", ",\"generation_config\":{\"max_output_tokens\":2}"), cts.Token);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("Guidance", answer.ReplyText);
        Assert.Equal("MAX_TOKENS", answer.Json.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal(2, answer.Json.GetProperty("usageMetadata").GetProperty("candidatesTokenCount").GetInt32());
    }

    [Fact]
    public async Task KeyRules_AreThoseOfAuthTokens_AndTheKeyIsNeverLogged()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        const string Path = "v1beta/models/gemini-2.5-flash:generateContent";

        Answer missing = await PostAsync(emulator, Path, Hello, cts.Token, headerKey: null);
        Assert.Equal(HttpStatusCode.Forbidden, missing.Status);
        Assert.Equal(("PERMISSION_DENIED", ServiceReasons.UnregisteredCaller), (missing.ErrorStatus, missing.ErrorMessage));

        Answer wrong = await PostAsync(emulator, Path, Hello, cts.Token, headerKey: "wrong-key-0123456789");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal(("INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."), (wrong.ErrorStatus, wrong.ErrorMessage));

        // A wrong key is judged before the model: no hint that the model exists.
        Answer wrongUnknown = await PostAsync(emulator, "v1beta/models/nope:generateContent", Hello, cts.Token, headerKey: "wrong-key-0123456789");
        Assert.Equal(HttpStatusCode.BadRequest, wrongUnknown.Status);

        Answer query = await PostAsync(emulator, Path + "?key=" + EmulatorTestClient.TestKey, Hello, cts.Token, headerKey: null);
        Assert.True(query.Status == HttpStatusCode.OK, query.Text);
        Answer header = await PostAsync(emulator, Path, Hello, cts.Token);
        Assert.True(header.Status == HttpStatusCode.OK, header.Text);

        Assert.Equal(2, emulator.GenerateContentRequests);
        Assert.Contains(emulator.Traffic, r => r.Text.Contains("generateContent models/gemini-2.5-flash"));
        Assert.DoesNotContain(emulator.Traffic, r => r.Text.Contains(EmulatorTestClient.TestKey) || r.Path.Contains(EmulatorTestClient.TestKey)
            || r.Headers.Values.Any(v => v.Contains(EmulatorTestClient.TestKey)) || r.Text.Contains("wrong-key-0123456789"));
    }

    [Theory]
    [InlineData("v1beta/models/gemini-9-ultra:generateContent", "models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent.")]
    [InlineData("v1/models/gemini-3.8-live:generateContent", "models/gemini-3.8-live is not found for API version v1, or is not supported for generateContent.")]
    [InlineData("v1alpha/models/gemini-2.5-flash-native-audio-latest:generateContent", "models/gemini-2.5-flash-native-audio-latest is not found for API version v1alpha, or is not supported for generateContent.")]
    [InlineData("v1beta/models/gemini-2.5-flash:streamGenerateContent", "models/gemini-2.5-flash is not found for API version v1beta, or is not supported for streamGenerateContent.")]
    [InlineData("v1beta/models/gemini-2.5-flash:countTokens", "models/gemini-2.5-flash is not found for API version v1beta, or is not supported for countTokens.")]
    [InlineData("v1beta/models/gemini-2.5-flash%3AcountTokens", "models/gemini-2.5-flash is not found for API version v1beta, or is not supported for countTokens.")]
    public async Task UnknownModels_LiveModels_AndOtherMethods_AreNotFound(string path, string message)
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        Answer answer = await PostAsync(emulator, path, Hello, cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("NOT_FOUND", answer.ErrorStatus);
        Assert.Equal(message + " Call ListModels to see the list of available models and their supported methods.", answer.ErrorMessage);
        Assert.Equal(0, emulator.GenerateContentRequests);
    }

    [Theory]
    [InlineData("v2/models/gemini-2.5-flash:generateContent")]
    [InlineData("v1beta/models/gemini-2.5-flash")]
    [InlineData("v1beta/tunedModels/x:generateContent")]
    [InlineData("v1beta/models/gemini-2.5-flash:generateContent/extra")]
    public async Task OtherPaths_StayPlainNotFound(string path)
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        Answer answer = await PostAsync(emulator, path, Hello, cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.EndsWith("was not found on this server.", answer.ErrorMessage);
    }

    [Fact]
    public async Task ADoubledLeadingSlash_IsTolerated()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        Answer answer = await PostAsync(emulator, "/v1beta/models/gemini-2.5-flash:generateContent", UserText("Question: twice?"), cts.Token);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.StartsWith("Answer from gemini-2.5-flash", answer.ReplyText);
        Assert.Contains(emulator.Traffic, r => r.Text.StartsWith("POST //v1beta/models/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{oops", "Invalid JSON payload received. Unexpected token.")]
    [InlineData("[1]", "Invalid JSON payload received. Unknown name \"\": Root element must be a message.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"prompt\":\"x\"}", "Invalid JSON payload received. Unknown name \"prompt\": Cannot find field.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\",\"mime\":1}]}]}", "Invalid JSON payload received. Unknown name \"mime\" at 'contents[0].parts[0]': Cannot find field.")]
    [InlineData("{\"contents\":[]}", "* GenerateContentRequest.contents: contents is not specified\n")]
    [InlineData("", "* GenerateContentRequest.contents: contents is not specified\n")]
    [InlineData("{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"a\"}]}]}", "Please use a valid role: user, model.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[]}]}", "* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.\n")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"temperature\":2.5}}", "* GenerateContentRequest.generation_config.temperature: temperature must be between 0.0 and 2.0 (inclusive), got 2.5.\n")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"candidateCount\":2}}", "* GenerateContentRequest.generation_config.candidate_count: the emulator serves one candidate per request; candidate_count must be 1.\n")]
    public async Task BadBodies_Are400InvalidArgument(string body, string message)
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        Answer answer = await PostAsync(emulator, "v1beta/models/gemini-2.5-flash:generateContent", body, cts.Token);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(("INVALID_ARGUMENT", message), (answer.ErrorStatus, answer.ErrorMessage));
        Assert.Equal(0, emulator.GenerateContentRequests);
    }

    [Fact]
    public async Task ABodyWithoutContentLength_Is411_AndOneAbove1MiB_Too()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        var chunked = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(Hello)));
        Answer answer = await PostAsync(emulator, "v1beta/models/gemini-2.5-flash:generateContent", Hello, cts.Token, content: chunked);
        Assert.Equal(HttpStatusCode.LengthRequired, answer.Status);

        Answer large = await PostAsync(emulator, "v1beta/models/gemini-2.5-flash:generateContent", UserText(new string('a', (1 << 20) + 1)), cts.Token);
        Assert.Equal(HttpStatusCode.LengthRequired, large.Status);
    }

    /// <summary>A stream HttpClient cannot measure, so it sends the body chunked (no Content-Length).</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
