using System.Net.WebSockets;
using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tests.Emulator;

public class EmulatorLifecycleTests
{
    [Fact]
    public async Task QuotaCap_TheNextSessionGets1011AfterSetup_AndTheSlotIsFreedOnClose()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start(o => o.MaxConcurrentSessions = 1);
        EmulatorTestClient first = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await first.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        Assert.True((await first.ReceiveJsonAsync()).Has("setupComplete"));
        Assert.Equal(1, emulator.ActiveSessions);

        await using (EmulatorTestClient second = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token))
        {
            await second.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            (List<ReceivedFrame> before, ReceivedFrame close) = await second.ReceiveUntilCloseAsync();
            Assert.Empty(before);
            Assert.Equal(1011, (int)close.CloseStatus!);
            Assert.Equal(ServiceReasons.Truncate(ServiceReasons.QuotaExceeded), close.CloseDescription);
            Assert.StartsWith("You exceeded your current quota", close.CloseDescription);
        }

        await first.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
        await first.DisposeAsync();
        await emulator.StopAsync(cts.Token);
        Assert.Equal(0, emulator.ActiveSessions);
    }

    [Fact]
    public async Task StopAsync_ClosesSessionsWith1000Cancelled_AndCompletes()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        GeminiEmulator emulator = EmulatorFixture.Start(o => o.TimeScale = 1);
        Assert.True(emulator.IsRunning);
        Assert.False(emulator.Completion.IsCompleted);
        Assert.Equal($"http://127.0.0.1:{emulator.Port}/", emulator.Endpoint.ToString());
        Assert.Equal($"ws://127.0.0.1:{emulator.Port}/", emulator.WebSocketBase.ToString());

        await using EmulatorTestClient idle = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await idle.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        await idle.ReceiveJsonAsync();
        await using EmulatorTestClient talking = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);
        await talking.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        await talking.ReceiveJsonAsync();
        await talking.SendRealtimeTextAsync(new string('a', 300)); // 18 s of audio at real-time pacing
        await talking.ReceiveJsonAsync();

        Task stop = emulator.StopAsync(cts.Token);
        foreach (EmulatorTestClient client in new[] { idle, talking })
        {
            (_, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();
            Assert.Equal(1000, (int)close.CloseStatus!);
            Assert.Equal("The operation was cancelled.", close.CloseDescription);
        }
        await stop;
        await emulator.Completion.WaitAsync(cts.Token);
        Assert.False(emulator.IsRunning);
        Assert.Equal(0, emulator.ActiveSessions);
        await emulator.StopAsync(cts.Token); // idempotent
        await emulator.DisposeAsync();

        using var refused = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<Exception>(() => refused.ConnectAsync(new Uri(emulator.WebSocketBase, EmulatorTestClient.Path("v1beta")), cts.Token));
        Assert.Contains(emulator.Traffic, r => r.Direction == EmulatorTrafficDirection.Close && r.Text == "close 1000 The operation was cancelled.");
    }

    [Fact]
    public void Start_RejectsBadOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GeminiEmulator.Start(new EmulatorOptions { TimeScale = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeminiEmulator.Start(new EmulatorOptions { Port = 70000 }));
        Assert.Throws<ArgumentException>(() => GeminiEmulator.Start(new EmulatorOptions { ApiKey = " " }));
        var retired = new EmulatorOptions();
        retired.Models.Add("gemini-2.0-flash-live-001");
        Assert.Throws<ArgumentException>(() => GeminiEmulator.Start(retired));
    }

    [Fact]
    public async Task ModelsOption_ServesOnlyThose_AndUnknownIdsWith38Rules()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start(o =>
        {
            o.Models.Add("gemini-3.8-live");
            o.Models.Add("gemini-4.0-live-preview");
        });
        foreach ((string model, int? code) in new[] { ("gemini-4.0-live-preview", (int?)null), ("gemini-3.1-flash-live-preview", 1008) })
        {
            await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
            await client.SendSetupAsync("{\"model\":\"models/" + model + "\"}");
            ReceivedFrame frame = await client.ReceiveAsync();
            if (code == null) Assert.True(frame.Json.Has("setupComplete"));
            else Assert.Equal(code, (int?)frame.CloseStatus);
        }
    }

    [Fact]
    public async Task ClientVanishingMidTurn_DoesNotDisturbOtherSessions()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start(o => o.TimeScale = 1);
        EmulatorTestClient rude = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await rude.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        await rude.ReceiveJsonAsync();
        await rude.SendRealtimeTextAsync("talk for a while please");
        await rude.ReceiveJsonAsync();
        await rude.DisposeAsync(); // TCP gone, no close frame

        await using EmulatorTestClient polite = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await polite.SendSetupAsync("{\"model\":\"models/gemini-3.5-transcribe-live\",\"generationConfig\":{\"responseModalities\":[\"TEXT\"]}}");
        await polite.ReceiveJsonAsync();
        await polite.SendRealtimeTextAsync("ok");
        List<JsonElement> turn = await polite.ReceiveTurnAsync();
        Assert.Equal("You said: ok", string.Concat(turn.Select(m => m.TextPart())));
        Assert.True(emulator.IsRunning);
    }

    [Fact]
    public async Task StopAsync_IsBounded_EvenWhenAClientStopsReading()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        GeminiEmulator emulator = EmulatorFixture.Start();
        emulator.FlushTimeout = TimeSpan.FromSeconds(1);
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
        await client.ReceiveJsonAsync();
        await client.SendRealtimeTextAsync(new string('x', 3000)); // 180 s of audio, ~11 MB of frames, never read

        Task stop = emulator.StopAsync(CancellationToken.None);
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10), cts.Token)));
        await stop;
        Assert.True(emulator.Completion.IsCompletedSuccessfully);
    }
}
