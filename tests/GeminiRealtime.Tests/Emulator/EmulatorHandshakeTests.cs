using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tests.Protocol;

namespace GeminiRealtime.Tests.Emulator;

public class EmulatorHandshakeTests
{
    [Fact]
    public async Task JsSdkHandshake_SetupComplete_IsBinaryFrameEqualToSample01()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);

        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\",\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]}}");
        ReceivedFrame frame = await client.ReceiveAsync();

        Assert.Equal(WebSocketMessageType.Binary, frame.Type);
        Assert.Equal(SampleFrames.Read("01-server-setupComplete.gemini.json"), frame.Data);

        // The JS SDK's session.close(): a close frame without a code.
        await client.CloseWithoutCodeAsync();
        Assert.Equal(WebSocketState.Closed, client.Socket.State);
        await emulator.StopAsync(cts.Token);
        Assert.Contains(emulator.Traffic, r => r.Direction == EmulatorTrafficDirection.Close && r.Text == "client close 1005");
        Assert.DoesNotContain(emulator.Traffic, r => r.Direction == EmulatorTrafficDirection.Error);
    }

    [Fact]
    public async Task HeaderKeyAndSnakeCase_AreAccepted_AndSecretsNeverReachTheTrafficLog()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using (EmulatorTestClient header = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token))
        {
            await header.SendAsync("{\"setup\":{\"model\":\"models/gemini-3.8-live\",\"generation_config\":{\"response_modalities\":[\"AUDIO\"]}}}");
            Assert.True((await header.ReceiveJsonAsync()).Has("setupComplete"));
            await header.SendAsync("{\n  \"realtime_input\": {\n    \"text\": \"Are you there Gemini?\"\n  }\n}");
            List<JsonElement> turn = await header.ReceiveTurnAsync();
            Assert.True(turn[^1].Has("usageMetadata"));
        }
        await using (EmulatorTestClient query = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token))
        {
            await query.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            Assert.True((await query.ReceiveJsonAsync()).Has("setupComplete"));
        }

        await emulator.StopAsync(cts.Token);
        IReadOnlyList<EmulatorTrafficRecord> traffic = emulator.Traffic;
        Assert.Contains(traffic, r => r.Path.EndsWith("BidiGenerateContent?key=***", StringComparison.Ordinal));
        Assert.Contains(traffic, r => r.Headers.TryGetValue("x-goog-api-key", out string? v) && v == "***");
        Assert.DoesNotContain(traffic, r => r.Text.Contains(EmulatorTestClient.TestKey) || r.Path.Contains(EmulatorTestClient.TestKey)
            || r.Headers.Values.Any(v => v.Contains(EmulatorTestClient.TestKey)));
        Assert.Contains(traffic, r => r.Direction == EmulatorTrafficDirection.ClientToServer && r.Text.Contains("realtime_input"));
        Assert.All(traffic.Where(r => r.Direction == EmulatorTrafficDirection.ServerToClient), r => Assert.True(r.IsBinary));
    }

    [Fact]
    public async Task TextModalityOn38_Closes1007WithTheServiceReason()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);

        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\",\"generationConfig\":{\"responseModalities\":[\"TEXT\"]}}");
        (List<ReceivedFrame> before, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.Empty(before);
        Assert.Equal(1007, (int)close.CloseStatus!);
        Assert.Equal("The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-3.8-live", close.CloseDescription);
    }

    [Fact]
    public async Task UnknownModel_Closes1008_WithTheNotFoundTextCutToExactly123Bytes()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);

        await client.SendSetupAsync("{\"model\":\"models/gemini-9.9-imaginary\"}");
        (_, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.Equal(1008, (int)close.CloseStatus!);
        Assert.Equal(123, Encoding.UTF8.GetByteCount(close.CloseDescription!));
        Assert.StartsWith("models/gemini-9.9-imaginary is not found for API version v1, or is not supported for bidiGenerateContent. Call", close.CloseDescription);
        Assert.Equal(ServiceReasons.ModelNotFound("gemini-9.9-imaginary", "v1").Substring(0, 123), close.CloseDescription);
    }

    [Fact]
    public async Task RetiredModel_Closes1008NotFound()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);

        await client.SendSetupAsync("{\"model\":\"models/gemini-2.0-flash-live-001\"}");
        (_, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.Equal(1008, (int)close.CloseStatus!);
        Assert.StartsWith("models/gemini-2.0-flash-live-001 is not found for API version v1beta", close.CloseDescription);
    }

    [Fact]
    public async Task WrongKey_UpgradeSucceeds_ThenTheFirstFrameIsAnswered1007()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token, key: "not-the-key");
        Assert.Equal(WebSocketState.Open, client.Socket.State);

        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        (List<ReceivedFrame> before, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.Empty(before);
        Assert.Equal(1007, (int)close.CloseStatus!);
        Assert.Equal("API key not valid. Please pass a valid API key.", close.CloseDescription);
    }

    [Fact]
    public async Task MissingKey_Closes1008_WithTheUnregisteredCallerTextCutTo123Bytes()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token, key: null);

        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        (_, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.Equal(1008, (int)close.CloseStatus!);
        Assert.Equal(ServiceReasons.UnregisteredCaller.Substring(0, 123), close.CloseDescription);
    }

    [Fact]
    public async Task AnyKeyIsAccepted_WhenNoKeyIsConfigured_AndConstrainedPathTakesTokens()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start(o => o.ApiKey = null);
        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token, key: "whatever"))
        {
            await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));
        }

        // The Constrained path takes only tokens the emulator issued (POST /v1alpha/auth_tokens); -Uses 0: unlimited.
        string issued = await EmulatorRestTests.IssueTokenAsync(emulator, "whatever", "{\"uses\":0}", cts.Token);
        var token = new Uri($"ws://127.0.0.1:{emulator.Port}{EmulatorTestClient.Path("v1alpha", constrained: true)}");
        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectAsync(token, cts.Token, o => o.SetRequestHeader("Authorization", "Token " + issued)))
        {
            await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));
        }

        var query = new Uri(token + "?access_token=" + issued);
        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectAsync(query, cts.Token))
        {
            await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));
        }

        // An API key is not a token on the Constrained path.
        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectAsync(token, cts.Token, o => o.SetRequestHeader("x-goog-api-key", "whatever")))
        {
            await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            (_, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();
            Assert.Equal(1008, (int)close.CloseStatus!);
        }
        Assert.DoesNotContain(emulator.Traffic, r => r.Path.Contains(issued) || r.Text.Contains(issued));
    }

    [Fact]
    public async Task FirstMessageNotSetup_Closes1007()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);

        await client.SendRealtimeTextAsync("hello");
        (List<ReceivedFrame> before, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.Empty(before);
        Assert.Equal(1007, (int)close.CloseStatus!);
        Assert.Equal("Request contains an invalid argument.", close.CloseDescription);
    }

    [Fact]
    public async Task SecondSetup_Closes1007_AfterSetupComplete()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);

        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        (List<ReceivedFrame> before, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.Single(before);
        Assert.True(before[0].Json.Has("setupComplete"));
        Assert.Equal(1007, (int)close.CloseStatus!);
    }

    [Fact]
    public async Task BinaryClientFrames_AreAccepted()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);

        await client.SendAsync("{\"setup\":{\"model\":\"models/gemini-3.8-live\"}}", binary: true);
        Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));
    }

    [Fact]
    public async Task BadPathOrPlainHttp_Gets404WithAGoogleStyleJsonError()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        using var http = new HttpClient();

        HttpResponseMessage bad = await http.GetAsync(new Uri(emulator.Endpoint, "/ws/google.ai.generativelanguage.v2.GenerativeService.BidiGenerateContent?key=" + EmulatorTestClient.TestKey), cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        Assert.Equal("application/json", bad.Content.Headers.ContentType?.MediaType);
        JsonElement error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(cts.Token)).RootElement.GetProperty("error");
        Assert.Equal(404, error.GetProperty("code").GetInt32());
        Assert.Equal("NOT_FOUND", error.GetProperty("status").GetString());
        Assert.DoesNotContain(EmulatorTestClient.TestKey, error.GetProperty("message").GetString());

        HttpResponseMessage plain = await http.GetAsync(new Uri(emulator.Endpoint, EmulatorTestClient.Path("v1beta")), cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);

        var ws = new ClientWebSocket();
        WebSocketException refused = await Assert.ThrowsAsync<WebSocketException>(
            () => ws.ConnectAsync(new Uri(emulator.WebSocketBase, "/ws/somewhere/else"), cts.Token));
        ws.Dispose();

        Assert.Equal(3, emulator.TotalConnections);
        Assert.Equal(0, emulator.ActiveSessions);
    }
}
