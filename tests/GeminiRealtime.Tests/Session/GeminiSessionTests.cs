using System.Text;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.Tests.Session;

public class GeminiSessionTests
{
    private const string Key = "AIzaTestKey-0123456789-abcdefghij";

    private static GeminiSessionOptions Options(Uri endpoint) => new(ApiCredential.FromSecret(Key))
    {
        Endpoint = endpoint,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        SetupTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Key_travels_in_the_header_never_in_the_url_and_setup_is_the_first_message()
    {
        string? setup = null;
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            setup = await ScriptedServer.AcceptSetupAsync(socket, ct);
            await socket.ReceiveAsync(1 << 20, ct);
        });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint));

        Assert.Equal(GeminiSessionState.Open, session.State);
        Assert.Equal("/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent", server.Request!.Path);
        Assert.DoesNotContain(Key, server.Request.RawTarget);
        Assert.DoesNotContain(Key, session.Url.ToString());
        Assert.Equal(Key, server.Request.Headers["x-goog-api-key"]);
        Assert.StartsWith("{\"setup\":{\"model\":\"models/gemini-3.8-live\",\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]}", setup);
        Assert.Contains("\"outputAudioTranscription\":{}", setup);
        Assert.Contains("\"sessionResumption\":{}", setup);
        Assert.DoesNotContain(Key, session.ToString() + session.Credential);
    }

    [Fact]
    public async Task A_message_is_decoded_only_after_its_last_fragment_even_with_utf8_split_across_fragments()
    {
        const string text = "Grüße, 世界 😀 — ünïcödé";
        string frame = "{\n  \"serverContent\": {\n    \"outputTranscription\": {\n      \"text\": \"" + text + "\"\n    }\n  }\n}\n";
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await ScriptedServer.AcceptSetupAsync(socket, ct);
            // 1-byte and 3-byte fragments cut every multi-byte character apart.
            await socket.SendFragmentedAsync(ScriptedServer.Utf8(frame), binary: true, fragmentSize: 1, ct);
            await socket.SendFragmentedAsync(ScriptedServer.Utf8(frame), binary: false, fragmentSize: 3, ct);
            await socket.ReceiveAsync(1 << 20, ct);
        });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using ServerMessage binary = (await session.ReadMessageAsync(timeout.Token))!;
        using ServerMessage textFrame = (await session.ReadMessageAsync(timeout.Token))!;

        Assert.Equal(text, binary.ServerContent!.OutputTranscription!.Text);
        Assert.Equal(text, textFrame.ServerContent!.OutputTranscription!.Text);
        Assert.Equal(0, session.Statistics.MalformedMessages);
    }

    [Fact]
    public async Task A_malformed_frame_is_counted_and_the_session_goes_on()
    {
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await ScriptedServer.AcceptSetupAsync(socket, ct);
            await socket.SendAsync(ScriptedServer.Utf8("{ not json"), binary: true, ct);
            await socket.SendAsync(ScriptedServer.Utf8("{\"serverContent\":{\"turnComplete\":\"yes\"}}"), binary: true, ct);
            await socket.SendAsync(ScriptedServer.Utf8("{\"serverContent\":{\"turnComplete\":true}}"), binary: true, ct);
            await socket.ReceiveAsync(1 << 20, ct);
        });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using ServerMessage message = (await session.ReadMessageAsync(timeout.Token))!;

        Assert.True(message.ServerContent!.TurnComplete);
        Assert.Equal(2, session.Statistics.MalformedMessages);
        Assert.Equal(GeminiSessionState.Open, session.State);
    }

    public static TheoryData<int, string, CloseCategory, bool> CloseCases() => new()
    {
        { 1007, ServiceReasons.ApiKeyNotValid, CloseCategory.InvalidArgument, false },
        { 1007, "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-3.8-live", CloseCategory.InvalidArgument, false },
        { 1008, ServiceReasons.Truncate(ServiceReasons.ModelNotFound("gemini-9", "v1beta")), CloseCategory.NotFoundOrDenied, false },
        { 1008, ServiceReasons.SessionNotFound, CloseCategory.NotFoundOrDenied, false },
        { 1011, ServiceReasons.Internal, CloseCategory.ServiceError, true },
        { 1011, ServiceReasons.DeadlineExpired, CloseCategory.ServiceError, true },
        { 1011, ServiceReasons.Truncate(ServiceReasons.QuotaExceeded), CloseCategory.QuotaExceeded, false },
        { 1011, "Resource has been exhausted (e.g. check quota).", CloseCategory.QuotaExceeded, false },
        { 1000, ServiceReasons.Cancelled, CloseCategory.Cancelled, true },
        { 4000, "custom", CloseCategory.Other, false },
    };

    [Theory]
    [MemberData(nameof(CloseCases))]
    public async Task A_close_before_setupComplete_surfaces_code_reason_and_category(int code, string reason, CloseCategory category, bool retryable)
    {
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await socket.ReceiveAsync(1 << 20, ct);
            await socket.CloseAsync(code, reason, ct);
        });

        var error = await Assert.ThrowsAsync<GeminiSessionException>(() => GeminiSession.ConnectAsync(Options(server.Endpoint)));

        Assert.Equal(code, error.CloseCode);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(category, error.Category);
        Assert.Equal(retryable, error.IsRetryable);
        Assert.Contains(code.ToString(), error.Message);
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain(Key, error.ToString());
    }

    [Fact]
    public void Model_not_found_says_which_models_exist()
    {
        var error = new GeminiSessionException(1008, ServiceReasons.Truncate(ServiceReasons.ModelNotFound("gemini-9", "v1beta")), "gemini-9");
        Assert.Contains("gemini-3.8-live", error.Message);
        Assert.Equal(123, Encoding.UTF8.GetByteCount(error.Reason));
    }

    [Fact]
    public async Task A_connection_dropped_without_a_close_frame_is_1006_and_retryable()
    {
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await ScriptedServer.AcceptSetupAsync(socket, ct);
            socket.Abort();
        });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<GeminiSessionException>(() => session.ReadMessageAsync(timeout.Token));

        Assert.Equal(CloseCodes.Abnormal, error.CloseCode);
        Assert.Equal(CloseCategory.ConnectionLost, error.Category);
        Assert.True(error.IsRetryable);
        Assert.Equal(GeminiSessionState.Closed, session.State);
    }

    [Fact]
    public async Task A_close_after_setup_completes_the_message_stream_with_the_error()
    {
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await ScriptedServer.AcceptSetupAsync(socket, ct);
            await socket.SendAsync(ScriptedServer.Utf8("{\"serverContent\":{\"generationComplete\":true}}"), binary: true, ct);
            await socket.CloseAsync(1011, ServiceReasons.Unavailable, ct);
        });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using ServerMessage first = (await session.ReadMessageAsync(timeout.Token))!;
        var error = await Assert.ThrowsAsync<GeminiSessionException>(() => session.ReadMessageAsync(timeout.Token));

        Assert.True(first.ServerContent!.GenerationComplete);
        Assert.Equal(1011, error.CloseCode);
        Assert.Equal(ServiceReasons.Unavailable, session.CloseReason);
        await Assert.ThrowsAsync<GeminiSessionException>(() => session.SendTextAsync("still there?"));
    }

    [Fact]
    public async Task Disconnect_sends_a_normal_close()
    {
        int? received = null;
        await using var server = new ScriptedServer(async (request, socket, ct) =>
        {
            await ScriptedServer.AcceptSetupAsync(socket, ct);
            using var close = await socket.ReceiveAsync(1 << 20, ct);
            received = close.CloseCode;
        });
        GeminiSession session = await GeminiSession.ConnectAsync(Options(server.Endpoint));

        await session.DisposeAsync();
        await server.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1000, received);
        Assert.Equal(GeminiSessionState.Closed, session.State);
        Assert.Null(session.CloseError);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/", "ws://127.0.0.1:9/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent")]
    [InlineData("https://proxy.example/base/", "wss://proxy.example/base/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent")]
    [InlineData("wss://generativelanguage.googleapis.com", "wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent")]
    public void Endpoint_override_appends_the_service_path(string baseUrl, string expected)
    {
        Assert.Equal(expected, LiveEndpoint.Build(new Uri(baseUrl), "v1beta", constrained: false).ToString());
    }

    [Fact]
    public void Ephemeral_tokens_use_the_constrained_path_and_an_authorization_header()
    {
        ApiCredential token = ApiCredential.FromSecret("auth_tokens/abc123");
        Assert.True(token.IsEphemeralToken);
        Assert.Equal("Authorization", token.HeaderName);
        Assert.EndsWith("BidiGenerateContentConstrained", LiveEndpoint.Build(null, "v1alpha", token.IsEphemeralToken).AbsolutePath);
        Assert.Throws<ArgumentException>(() => LiveEndpoint.Build(new Uri("ftp://x/"), "v1beta", false));
        Assert.Throws<ArgumentException>(() => LiveEndpoint.Build(new Uri("http://x/?key=abc"), "v1beta", false));
        Assert.Throws<ArgumentException>(() => LiveEndpoint.Build(null, "v2", false));
    }
}
