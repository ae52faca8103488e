using System.Net;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Session;
using GeminiRealtime.Supervision;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Tests.Supervision;

public sealed class GenerateContentClientTests
{
    private const string Key = "AIzaGenerateContentTestKey-0123456789";

    /// <summary>Answers every request with one canned response and keeps what it was sent.</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        private readonly HttpStatusCode _status;
        private readonly string _body;

        public CannedHandler(HttpStatusCode status, string body)
        {
            _status = status;
            _body = body;
        }

        public List<(HttpRequestMessage Request, string Body)> Seen { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add((request, request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(_status) { Content = new StringContent(_body, Encoding.UTF8, "application/json") };
        }
    }

    [Theory]
    [InlineData(null, "v1beta", "gemini-2.5-pro", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent")]
    [InlineData("http://127.0.0.1:5000/", "v1beta", "models/gemini-2.5-flash", "http://127.0.0.1:5000/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("wss://proxy.example/gemini", "v1", "gemini-3-pro-preview", "https://proxy.example/gemini/v1/models/gemini-3-pro-preview:generateContent")]
    public void The_url_names_version_and_model_and_never_a_key(string? endpoint, string version, string model, string expected) =>
        Assert.Equal(expected, GenerateContentClient.BuildUrl(endpoint == null ? null : new Uri(endpoint), version, model).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("gemini pro")]
    [InlineData("a/b")]
    [InlineData("x:generateContent")]
    public void A_model_id_that_would_change_the_path_is_refused(string model) =>
        Assert.Throws<ArgumentException>(() => GenerateContentClient.BuildUrl(null, "v1beta", model));

    [Fact]
    public void The_request_carries_system_instruction_one_user_content_and_generation_config()
    {
        using JsonDocument body = JsonDocument.Parse(GenerateContentClient.RequestJson("Be brief.", "Question: why?", 256, 0.5f));
        JsonElement root = body.RootElement;
        Assert.Equal("Be brief.", root.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        JsonElement content = Assert.Single(root.GetProperty("contents").EnumerateArray());
        Assert.Equal("user", content.GetProperty("role").GetString());
        Assert.Equal("Question: why?", content.GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal(256, root.GetProperty("generationConfig").GetProperty("maxOutputTokens").GetInt32());
        Assert.False(JsonDocument.Parse(GenerateContentClient.RequestJson(null, "x", null, null)).RootElement.TryGetProperty("generationConfig", out _));
    }

    [Fact]
    public void The_answer_is_the_first_candidates_text_without_thoughts()
    {
        const string body = """
            {"candidates":[{"content":{"parts":[{"text":"thinking…","thought":true},{"text":"Forty"},{"text":"-two."}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":3,"totalTokenCount":15},"modelVersion":"gemini-2.5-pro"}
            """;
        GenerateContentResult result = GenerateContentClient.ParseResult(body);
        Assert.Equal("Forty-two.", result.Text);
        Assert.Equal("STOP", result.FinishReason);
        Assert.Equal(12, result.PromptTokens);
        Assert.Equal(3, result.ResponseTokens);
        Assert.Equal("gemini-2.5-pro", result.ModelVersion);
    }

    [Theory]
    [InlineData("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}", "blockReason SAFETY")]
    [InlineData("{\"candidates\":[]}", "no candidate")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("<html>", "not JSON")]
    public void An_answer_without_a_candidate_is_an_error_that_says_why(string body, string expected)
    {
        var error = Assert.Throws<GenerateContentException>(() => GenerateContentClient.ParseResult(body));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task The_key_goes_in_the_header_and_never_into_the_url()
    {
        var handler = new CannedHandler(HttpStatusCode.OK, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"NONE\"}]}}]}");
        using var supervisor = new ModelSupervisor(ApiCredential.FromSecret(Key), "gemini-2.5-pro", new Uri("http://127.0.0.1:1/"), handler: handler);
        Assert.Null(await supervisor.ReviewAsync(new GeminiTranscript()));
        var (request, body) = Assert.Single(handler.Seen);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(Key, Assert.Single(request.Headers.GetValues("x-goog-api-key")));
        Assert.DoesNotContain(Key, request.RequestUri!.ToString());
        Assert.DoesNotContain(Key, body);
        Assert.Equal(1, supervisor.Requests);
    }

    [Fact]
    public async Task A_refusal_keeps_googles_status_and_message_with_the_key_redacted()
    {
        string echoed = "{\"error\":{\"code\":400,\"message\":\"API key not valid: " + Key + "\",\"status\":\"INVALID_ARGUMENT\"}}";
        var handler = new CannedHandler(HttpStatusCode.BadRequest, echoed);
        using var supervisor = new ModelSupervisor(ApiCredential.FromSecret(Key), "gemini-2.5-pro", handler: handler);
        var error = await Assert.ThrowsAsync<GenerateContentException>(() => supervisor.AskAsync(new GeminiTranscript(), "why?"));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.Status);
        Assert.DoesNotContain(Key, error.Message);
        Assert.Contains("API key not valid", error.Message);
    }

    [Fact]
    public void An_ephemeral_token_cannot_call_the_supervisor_model() =>
        Assert.Throws<ArgumentException>(() => new ModelSupervisor(ApiCredential.FromSecret("auth_tokens/abcdef0123456789"), "gemini-2.5-pro"));

    [Fact]
    public async Task A_supervisor_that_does_not_answer_in_time_says_so()
    {
        using var supervisor = new ModelSupervisor(ApiCredential.FromSecret(Key), "gemini-2.5-pro", handler: new NeverAnswers(), timeout: TimeSpan.FromMilliseconds(100));
        var error = await Assert.ThrowsAsync<GenerateContentException>(() => supervisor.ReviewAsync(new GeminiTranscript()));
        Assert.Equal("DEADLINE_EXCEEDED", error.Status);
        Assert.Contains("did not answer within", error.Message);
    }

    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
