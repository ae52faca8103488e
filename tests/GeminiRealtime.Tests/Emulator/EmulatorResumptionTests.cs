using System.Text.Json;
using GeminiRealtime.Emulator;

namespace GeminiRealtime.Tests.Emulator;

public class EmulatorResumptionTests
{
    private const string ResumableSetup = "{\"model\":\"models/gemini-3.8-live\",\"outputAudioTranscription\":{},\"sessionResumption\":{}}";

    [Fact]
    public async Task HandleIssuedAfterTurnComplete_ReconnectWithItContinuesTheHistory()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        string handle;
        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token))
        {
            await client.SendSetupAsync(ResumableSetup);
            Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));
            await client.SendRealtimeTextAsync("remember me");

            // While the turn runs, an update without a handle (resumable: false is a proto default, so omitted).
            JsonElement busy = await client.ReceiveJsonAsync();
            Assert.Equal("{}", busy.Get("sessionResumptionUpdate").Compact());
            List<JsonElement> turn = await client.ReceiveTurnAsync();
            Assert.DoesNotContain(turn, m => m.Has("sessionResumptionUpdate", "newHandle"));

            JsonElement update = (await client.ReceiveJsonAsync()).Get("sessionResumptionUpdate");
            Assert.True(update.Get("resumable").GetBoolean());
            handle = update.Get("newHandle").GetString()!;
            Assert.Matches("^[A-Za-z0-9_-]{32}$", handle);
        }

        Assert.Equal(
            new[] { "user: remember me", "model: You said: remember me" },
            emulator.GetResumptionHistory(handle)!.Select(e => e.ToString()));

        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token))
        {
            await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\",\"outputAudioTranscription\":{},\"sessionResumption\":{\"handle\":\"" + handle + "\"}}");
            Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));
            await client.SendRealtimeTextAsync("again");
            await client.ReceiveJsonAsync(); // busy update
            List<JsonElement> turn = await client.ReceiveTurnAsync();
            Assert.Equal("You said: again", string.Concat(turn.Select(m => m.Transcript())));
            string next = (await client.ReceiveJsonAsync()).Get("sessionResumptionUpdate", "newHandle").GetString()!;
            Assert.NotEqual(handle, next);
            Assert.Equal(4, emulator.GetResumptionHistory(next)!.Count);
        }
    }

    [Fact]
    public async Task UnknownHandle_Closes1008SessionNotFound()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);

        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\",\"sessionResumption\":{\"handle\":\"made-up-handle\"}}");
        (List<ReceivedFrame> before, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();

        Assert.Empty(before);
        Assert.Equal(1008, (int)close.CloseStatus!);
        Assert.Equal("BidiGenerateContent session not found", close.CloseDescription);
    }

    [Fact]
    public async Task HandleWithAnotherModel_Closes1007()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        string handle;
        await using (EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token))
        {
            await client.SendSetupAsync(ResumableSetup);
            await client.ReceiveJsonAsync();
            await client.SendClientContentAsync("hi");
            await client.ReceiveTurnAsync();
            handle = (await client.ReceiveJsonAsync()).Get("sessionResumptionUpdate", "newHandle").GetString()!;
        }

        await using EmulatorTestClient other = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await other.SendSetupAsync("{\"model\":\"models/gemini-3.8-live-extended-thinking\",\"sessionResumption\":{\"handle\":\"" + handle + "\"}}");
        (_, ReceivedFrame close) = await other.ReceiveUntilCloseAsync();
        Assert.Equal(1007, (int)close.CloseStatus!);
    }

    [Fact]
    public async Task NoSessionResumptionInSetup_NoUpdates()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync(EmulatorFixture.Setup38Audio);
        await client.ReceiveJsonAsync();
        await client.SendRealtimeTextAsync("one");
        await client.ReceiveTurnAsync();
        await client.SendRealtimeTextAsync("two");
        List<JsonElement> second = await client.ReceiveTurnAsync();
        Assert.True(second[0].Has("serverContent", "modelTurn"), "the next message after a turn is the next turn, not an update");
    }
}
