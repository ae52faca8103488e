using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Emulator.Rest;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.Tests.Emulator;

/// <summary>POST /v1alpha/auth_tokens: body parsing, key rules, the token store's verdicts, and the route over HTTP.</summary>
public class EmulatorRestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Issues a token over HTTP and returns its name.</summary>
    internal static async Task<string> IssueTokenAsync(GeminiEmulator emulator, string key, string body, CancellationToken token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Endpoint, "v1alpha/auth_tokens"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-goog-api-key", key);
        using HttpResponseMessage response = await http.SendAsync(request, token);
        string text = await response.Content.ReadAsStringAsync(token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("name").GetString()!;
    }

    private static EmulatorAuthTokenRequest Parse(string json) => EmulatorAuthTokenRequest.Parse(Encoding.UTF8.GetBytes(json), Now);

    [Fact]
    public void EmptyBody_TakesTheServiceDefaults()
    {
        EmulatorAuthTokenRequest request = Parse("{}");
        Assert.Equal(1, request.Uses);
        Assert.Equal(Now.AddMinutes(30), request.ExpireTime);
        Assert.Equal(Now.AddSeconds(60), request.NewSessionExpireTime);
        Assert.Null(request.LockedSetup);
        Assert.Empty(request.FieldMask);
        Assert.Equal(1, EmulatorAuthTokenRequest.Parse(ReadOnlySpan<byte>.Empty, Now).Uses);
    }

    [Fact]
    public void AllFields_CamelOrSnakeCase_AreRead()
    {
        EmulatorAuthTokenRequest request = Parse(
            "{\"uses\":0,\"expire_time\":\"2026-11-25T13:00:00Z\",\"newSessionExpireTime\":\"2026-11-25T12:05:00.5Z\","
            + "\"bidiGenerateContentSetup\":{\"model\":\"models/gemini-3.8-live\"},\"field_mask\":\"model, generation_config.temperature\"}");
        Assert.Equal(0, request.Uses);
        Assert.Equal(Now.AddHours(1), request.ExpireTime);
        Assert.Equal(Now.AddMinutes(5).AddMilliseconds(500), request.NewSessionExpireTime);
        Assert.Equal("models/gemini-3.8-live", request.LockedSetup!.Value.GetProperty("model").GetString());
        Assert.Equal(new[] { "model", "generationConfig.temperature" }, request.FieldMask);
    }

    [Fact]
    public void NewSessionWindow_IsCappedAtTheExpiry()
    {
        EmulatorAuthTokenRequest request = Parse("{\"expireTime\":\"2026-11-25T12:00:30Z\"}");
        Assert.Equal(request.ExpireTime, request.NewSessionExpireTime);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"uses\":-1}")]
    [InlineData("{\"uses\":\"2\"}")]
    [InlineData("{\"expireTime\":\"2026-11-25T11:00:00Z\"}")]
    [InlineData("{\"expireTime\":\"2026-11-27T12:00:00Z\"}")]
    [InlineData("{\"expireTime\":\"tomorrow\"}")]
    [InlineData("{\"newSessionExpireTime\":\"2026-11-25T11:59:00Z\"}")]
    [InlineData("{\"bidiGenerateContentSetup\":\"x\"}")]
    [InlineData("{\"fieldMask\":\"model\"}")]
    [InlineData("{\"unknown\":1}")]
    [InlineData("{not json")]
    public void InvalidBodies_AreRefused(string json)
    {
        Assert.Throws<FormatException>(() => Parse(json));
    }

    [Fact]
    public void KeyRules_FollowGoogleRest()
    {
        var store = new EmulatorTokenStore();
        byte[] body = Encoding.UTF8.GetBytes("{}");

        (int status, string text) = EmulatorRestRouter.IssueToken(store, "right-key-123", null, body, Now);
        Assert.Equal(403, status);
        Assert.Contains("PERMISSION_DENIED", text);

        (status, text) = EmulatorRestRouter.IssueToken(store, "right-key-123", "wrong-key-123", body, Now);
        Assert.Equal(400, status);
        using (JsonDocument error = JsonDocument.Parse(text))
        {
            Assert.Equal(ServiceReasons.ApiKeyNotValid, error.RootElement.GetProperty("error").GetProperty("message").GetString());
            Assert.Equal("INVALID_ARGUMENT", error.RootElement.GetProperty("error").GetProperty("status").GetString());
            // As the service reports it (e.g. continuedev/continue#8516): ErrorInfo API_KEY_INVALID + LocalizedMessage.
            JsonElement details = error.RootElement.GetProperty("error").GetProperty("details");
            Assert.Equal("API_KEY_INVALID", details[0].GetProperty("reason").GetString());
            Assert.Equal("generativelanguage.googleapis.com", details[0].GetProperty("metadata").GetProperty("service").GetString());
            Assert.Equal(ServiceReasons.ApiKeyNotValid, details[1].GetProperty("message").GetString());
        }
        Assert.DoesNotContain("wrong-key-123", text);

        (status, text) = EmulatorRestRouter.IssueToken(store, "right-key-123", "right-key-123", Encoding.UTF8.GetBytes("{\"bogus\":1}"), Now);
        Assert.Equal(400, status);
        Assert.Contains("bogus", text);

        (status, text) = EmulatorRestRouter.IssueToken(store, null, "any-key", Encoding.UTF8.GetBytes("{\"uses\":3}"), Now);
        Assert.Equal(200, status);
        using JsonDocument token = JsonDocument.Parse(text);
        Assert.StartsWith("auth_tokens/", token.RootElement.GetProperty("name").GetString());
        Assert.Equal(3, token.RootElement.GetProperty("uses").GetInt32());
        Assert.Equal("2026-11-25T12:30:00.0000000Z", token.RootElement.GetProperty("expireTime").GetString());
    }

    [Fact]
    public void Store_CountsNewSessionsOnly_AndKnowsExpiry()
    {
        var store = new EmulatorTokenStore();
        EmulatorTokenStore.Grant grant = store.Issue(Parse("{\"uses\":1}"));
        using JsonDocument setup = JsonDocument.Parse("{\"model\":\"models/gemini-3.8-live\"}");

        Assert.Same(grant, store.Find(grant.Name, Now, out EmulatorRejection? none));
        Assert.Null(none);
        grant.Admit(setup.RootElement, resumption: false, Now);
        grant.Admit(setup.RootElement, resumption: true, Now); // resuming is free
        EmulatorRejection used = Assert.Throws<EmulatorRejection>(() => grant.Admit(setup.RootElement, resumption: false, Now));
        Assert.Equal(1008, used.CloseCode);

        Assert.Null(store.Find("auth_tokens/nope", Now, out EmulatorRejection? unknown));
        Assert.Equal((1007, ServiceReasons.ApiKeyNotValid), (unknown!.CloseCode, unknown.Reason));
        Assert.Null(store.Find(grant.Name, Now.AddMinutes(31), out EmulatorRejection? expired));
        Assert.Equal((1007, ServiceReasons.ApiKeyExpired), (expired!.CloseCode, expired.Reason));

        EmulatorTokenStore.Grant late = store.Issue(Parse("{\"uses\":0}"));
        EmulatorRejection window = Assert.Throws<EmulatorRejection>(() => late.Admit(setup.RootElement, resumption: false, Now.AddMinutes(2)));
        Assert.Equal(1008, window.CloseCode);
        late.Admit(setup.RootElement, resumption: true, Now.AddMinutes(2));
    }

    [Theory]
    [InlineData("", "{\"model\":\"models/a\"}", true)]
    [InlineData("", "{\"model\":\"models/b\"}", false)]
    [InlineData("", "{}", true)]
    [InlineData("generationConfig.temperature", "{\"model\":\"models/b\",\"generation_config\":{\"temperature\":0.20}}", true)]
    [InlineData("generationConfig.temperature", "{\"generationConfig\":{\"temperature\":0.9}}", false)]
    [InlineData("generationConfig.topK", "{\"generationConfig\":{\"topK\":3}}", false)]
    [InlineData("generationConfig", "{\"generationConfig\":{\"temperature\":0.2,\"topK\":3}}", false)]
    public void LockedSetup_RefusesChangedLockedFields(string mask, string clientSetup, bool admitted)
    {
        using JsonDocument locked = JsonDocument.Parse("{\"model\":\"models/a\",\"generationConfig\":{\"temperature\":0.2}}");
        var rules = new EmulatorLockedSetup(locked.RootElement, mask.Length == 0 ? Array.Empty<string>() : new[] { mask });
        using JsonDocument client = JsonDocument.Parse(clientSetup);
        Assert.Equal(admitted, rules.Admits(client.RootElement));
    }

    [Fact]
    public async Task OverHttp_IssuedTokenConnects_UsesRunOut_OtherPathsAre404()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        string issued = await IssueTokenAsync(emulator, EmulatorTestClient.TestKey, "{}", cts.Token);

        var url = new Uri($"ws://127.0.0.1:{emulator.Port}{EmulatorTestClient.Path("v1alpha", constrained: true)}");
        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectAsync(url, cts.Token, o => o.SetRequestHeader("Authorization", "Token " + issued)))
        {
            await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));
        }
        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectAsync(url, cts.Token, o => o.SetRequestHeader("Authorization", "Token " + issued)))
        {
            await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            (_, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();
            Assert.Equal(1008, (int)close.CloseStatus!);
            Assert.Equal(EmulatorTokenStore.UsesExhausted, close.CloseDescription);
        }

        using var http = new HttpClient();
        using HttpResponseMessage missing = await http.PostAsync(new Uri(emulator.Endpoint, "v1alpha/auth_tokens"), new StringContent("{}"), cts.Token);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        using HttpResponseMessage other = await http.PostAsync(new Uri(emulator.Endpoint, "v1beta/models"), new StringContent("{}"), cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain(emulator.Traffic, r => r.Text.Contains(issued) || r.Path.Contains(issued));
    }

    [Fact]
    public async Task Client_CreatesTokensWithTheKeyInTheHeader()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        using var http = new HttpClient();
        EphemeralTokenGrant grant = await EphemeralTokenClient.CreateAsync(http, emulator.Endpoint, ApiCredential.FromSecret(EmulatorTestClient.TestKey),
            new EphemeralTokenRequest { Uses = 2, LockedSetupJson = "{\"model\":\"models/gemini-3.8-live\"}" }, cts.Token);
        Assert.StartsWith("auth_tokens/", grant.Name);
        Assert.Equal(2, grant.Uses);
        Assert.Equal("auth_tokens/****", grant.ToString());
        Assert.Equal(new Uri("https://example.test/base/v1alpha/auth_tokens"), EphemeralTokenClient.BuildUrl(new Uri("wss://example.test/base/")));

        EphemeralTokenException refused = await Assert.ThrowsAsync<EphemeralTokenException>(() => EphemeralTokenClient.CreateAsync(http, emulator.Endpoint,
            ApiCredential.FromSecret("wrong-key-0123456789"), new EphemeralTokenRequest(), cts.Token));
        Assert.Equal(400, refused.StatusCode);
        Assert.Equal(ServiceReasons.ApiKeyNotValid, refused.Message);
        Assert.DoesNotContain(emulator.Traffic, r => r.Text.Contains(EmulatorTestClient.TestKey) || r.Path.Contains(EmulatorTestClient.TestKey));
    }
}
