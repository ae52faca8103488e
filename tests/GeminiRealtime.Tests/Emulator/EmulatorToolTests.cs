using System.Text.Json;
using System.Text.RegularExpressions;
using GeminiRealtime.Emulator;

namespace GeminiRealtime.Tests.Emulator;

public class EmulatorToolTests
{
    private const string WeatherSetup = """
        {"model":"models/gemini-3.8-live","generationConfig":{"responseModalities":["AUDIO"]},"outputAudioTranscription":{},
         "tools":[{"functionDeclarations":[
           {"name":"get_current_weather","description":"Weather","parameters":{"type":"OBJECT","properties":{
              "location":{"type":"STRING"},"unit":{"type":"STRING","enum":["celsius","fahrenheit"]},
              "days":{"type":"INTEGER"},"precise":{"type":"BOOLEAN"},"threshold":{"type":"NUMBER"},
              "tags":{"type":"ARRAY","items":{"type":"STRING"}},
              "options":{"type":"OBJECT","properties":{"lang":{"type":"STRING","enum":["en","de"]},"limit":{"type":"INTEGER"}}}},
              "required":["location","unit"]}},
           {"name":"set_alarm","parametersJsonSchema":{"type":"object","properties":{"time":{"type":"string"},"repeat":{"type":["boolean","null"]}},"required":["time"]}}]}]}
        """;

    [Fact]
    public async Task ToolCallRoundTrip_ArgsFromSchema_ReplyQuotesTheResponse()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);
        await client.SendSetupAsync(WeatherSetup);
        Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));

        await client.SendRealtimeTextAsync("Please call GET_CURRENT_WEATHER Paris, thanks");
        JsonElement message = await client.ReceiveJsonAsync();
        JsonElement calls = message.Get("toolCall", "functionCalls");
        Assert.Equal(1, calls.GetArrayLength());
        JsonElement call = calls[0];
        string id = call.Get("id").GetString()!;
        Assert.Matches(new Regex(@"^function-call-\d{18,19}$"), id);
        Assert.Equal("get_current_weather", call.Get("name").GetString());
        Assert.Equal(
            """{"location":"Paris","unit":"celsius","days":42,"precise":true,"threshold":1.5,"tags":["Paris"],"options":{"lang":"en","limit":42}}""",
            call.Get("args").Compact());
        Assert.Equal(new[] { "name", "args", "id" }, call.EnumerateObject().Select(p => p.Name)); // proto field order

        await client.SendAsync("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"" + id + "\",\"name\":\"get_current_weather\",\"response\":{\"output\": {\"tempC\": 11}}}]}}");
        List<JsonElement> turn = await client.ReceiveTurnAsync();
        Assert.Equal("The get_current_weather tool returned {\"output\":{\"tempC\":11}}.", string.Concat(turn.Select(m => m.Transcript())));
        Assert.Contains(turn, m => m.Has("serverContent", "generationComplete"));
    }

    [Fact]
    public async Task SeveralFunctionsInOneTurn_OneToolCall_AnsweredAcrossMessages()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync(WeatherSetup);
        await client.ReceiveJsonAsync();

        await client.SendRealtimeTextAsync("set_alarm time=\"7:30 am\" then get_current_weather location: Berlin, and set_alarm again");
        JsonElement calls = (await client.ReceiveJsonAsync()).Get("toolCall", "functionCalls");
        Assert.Equal(new[] { "get_current_weather", "set_alarm" }, calls.EnumerateArray().Select(c => c.Get("name").GetString()));
        Assert.Equal("Berlin", calls[0].Get("args", "location").GetString());
        Assert.Equal("""{"time":"7:30 am","repeat":true}""", calls[1].Get("args").Compact());
        string[] ids = calls.EnumerateArray().Select(c => c.Get("id").GetString()!).ToArray();
        Assert.NotEqual(ids[0], ids[1]);

        // BLOCKING: nothing until every id is answered.
        await client.SendAsync("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"" + ids[1] + "\",\"name\":\"set_alarm\",\"response\":{\"output\":\"ok\"}}]}}");
        await client.SendAsync("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"" + ids[0] + "\",\"name\":\"get_current_weather\",\"response\":{\"error\":\"down\"}}]}}");
        List<JsonElement> turn = await client.ReceiveTurnAsync();
        Assert.Equal(
            "The get_current_weather tool returned {\"error\":\"down\"}. The set_alarm tool returned {\"output\":\"ok\"}.",
            string.Concat(turn.Select(m => m.Transcript())));
    }

    [Fact]
    public async Task ToolResponseWithAnUnknownId_Closes1007()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);
        await client.SendSetupAsync(WeatherSetup);
        await client.ReceiveJsonAsync();
        await client.SendRealtimeTextAsync("get_current_weather please");
        string id = (await client.ReceiveJsonAsync()).Get("toolCall", "functionCalls")[0].Get("id").GetString()!;

        await client.SendAsync("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"function-call-1\",\"name\":\"get_current_weather\",\"response\":{\"output\":1}}]}}");
        (List<ReceivedFrame> before, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.NotEqual("function-call-1", id);
        Assert.Empty(before);
        Assert.Equal(1007, (int)close.CloseStatus!);
        Assert.Equal("Request contains an invalid argument.", close.CloseDescription);
    }

    [Fact]
    public async Task BargeInWhileAToolCallIsPending_InterruptedCancellationTurnComplete()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);
        await client.SendSetupAsync(WeatherSetup);
        await client.ReceiveJsonAsync();
        await client.SendRealtimeTextAsync("get_current_weather Oslo");
        string id = (await client.ReceiveJsonAsync()).Get("toolCall", "functionCalls")[0].Get("id").GetString()!;

        await client.SendClientContentAsync("never mind");
        List<JsonElement> interrupted = await client.ReceiveTurnAsync();
        Assert.Equal(3, interrupted.Count);
        Assert.True(interrupted[0].Get("serverContent", "interrupted").GetBoolean());
        Assert.Equal(new[] { id }, interrupted[1].Get("toolCallCancellation", "ids").EnumerateArray().Select(e => e.GetString()));
        Assert.True(interrupted[2].Get("serverContent", "turnComplete").GetBoolean());
        Assert.DoesNotContain(interrupted, m => m.Has("serverContent", "generationComplete"));

        List<JsonElement> next = await client.ReceiveTurnAsync();
        Assert.Equal("You said: never mind", string.Concat(next.Select(m => m.Transcript())));

        // A late answer to the cancelled call is ignored (a client cannot avoid the race), not fatal.
        await client.SendAsync("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"" + id + "\",\"name\":\"get_current_weather\",\"response\":{\"output\":1}}]}}");
        await client.SendRealtimeTextAsync("still there?");
        List<JsonElement> after = await client.ReceiveTurnAsync();
        Assert.Equal("You said: still there?", string.Concat(after.Select(m => m.Transcript())));
    }

    [Fact]
    public async Task FunctionCallIds_AreTheSameSequenceInEverySession()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        var ids = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
            await client.SendSetupAsync(WeatherSetup);
            await client.ReceiveJsonAsync();
            await client.SendRealtimeTextAsync("set_alarm 6am");
            ids.Add((await client.ReceiveJsonAsync()).Get("toolCall", "functionCalls")[0].Get("id").GetString()!);
        }
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task NonBlockingFunction_RepliesAtOnce_ThenSpeaksTheResponse()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync("""
            {"model":"models/gemini-3.8-live","outputAudioTranscription":{},
             "tools":[{"functionDeclarations":[{"name":"lookup","behavior":"NON_BLOCKING","parameters":{"type":"OBJECT","properties":{"q":{"type":"STRING"}}}}]}]}
            """);
        await client.ReceiveJsonAsync();

        await client.SendRealtimeTextAsync("lookup cats");
        List<JsonElement> turn = await client.ReceiveTurnAsync();
        string id = turn[0].Get("toolCall", "functionCalls")[0].Get("id").GetString()!;
        Assert.Equal("You said: lookup cats", string.Concat(turn.Select(m => m.Transcript())));

        await client.SendAsync("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"" + id + "\",\"name\":\"lookup\",\"response\":{\"output\":\"meow\"},\"scheduling\":\"WHEN_IDLE\"}]}}");
        List<JsonElement> spoken = await client.ReceiveTurnAsync();
        Assert.Equal("The lookup tool returned {\"output\":\"meow\"}.", string.Concat(spoken.Select(m => m.Transcript())));
    }
}
