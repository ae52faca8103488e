using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GeminiRealtime.Emulator;

namespace GeminiRealtime.Tests.Emulator;

public class EmulatorTurnTests
{
    [Fact]
    public async Task AudioTurnOn38_ChunksTranscriptionGenerationCompleteThenTurnCompleteWithUsage()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync(EmulatorFixture.Setup38Audio);
        Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));

        await client.SendAsync("{\"realtime_input\":{\"text\":\"Hello there\"}}");
        List<JsonElement> turn = await client.ReceiveTurnAsync();

        // "You said: Hello there" = 21 characters → 21 × 60 ms = 1260 ms of 24 kHz s16le = 60480 bytes.
        List<JsonElement> audioMessages = turn.Where(m => m.Audio() != null).ToList();
        int[] sizes = audioMessages.Select(m => m.Audio()!.Length).ToArray();
        Assert.Equal(new[] { 9600, 11520, 11520, 11520, 11520, 4800 }, sizes);
        Assert.All(audioMessages, m => Assert.Equal("audio/pcm;rate=24000", m.Get("serverContent", "modelTurn", "parts")[0].Get("inlineData", "mimeType").GetString()));

        // Transcription deltas ride in the audio messages (3.x) and concatenate to the reply.
        Assert.All(turn.Where(m => m.Transcript() != null), m => Assert.NotNull(m.Audio()));
        Assert.Equal("You said: Hello there", string.Concat(turn.Select(m => m.Transcript())));
        Assert.True(turn.Count(m => m.Transcript() != null) >= 2);

        // Order: audio…, generationComplete (alone), turnComplete + usageMetadata (last).
        int lastAudio = turn.FindLastIndex(m => m.Audio() != null);
        int generationComplete = turn.FindIndex(m => m.Has("serverContent", "generationComplete"));
        Assert.Equal(lastAudio + 1, generationComplete);
        Assert.Equal(generationComplete + 2, turn.Count);
        Assert.Single(turn[generationComplete].Get("serverContent").EnumerateObject());
        Assert.True(turn[generationComplete].Get("serverContent", "generationComplete").GetBoolean());

        JsonElement last = turn[^1];
        Assert.True(last.Get("serverContent", "turnComplete").GetBoolean());
        JsonElement usage = last.Get("usageMetadata");
        Assert.Equal(11 / 4 + 1, usage.Get("promptTokenCount").GetInt32());
        Assert.Equal(32, usage.Get("responseTokenCount").GetInt32()); // ceil(1.26 s × 25)
        Assert.Equal(35, usage.Get("totalTokenCount").GetInt32());
        Assert.Equal("TEXT", usage.Get("promptTokensDetails")[0].Get("modality").GetString());
        Assert.Equal("AUDIO", usage.Get("responseTokensDetails")[0].Get("modality").GetString());
        Assert.Equal(32, usage.Get("responseTokensDetails")[0].Get("tokenCount").GetInt32());
        Assert.False(turn.Any(m => m.Has("serverContent", "inputTranscription")));
    }

    [Fact]
    public async Task AudioIsADeterministicTonePerWord()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        var runs = new List<byte[]>();
        for (int i = 0; i < 2; i++)
        {
            await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
            await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\"}");
            await client.ReceiveJsonAsync();
            await client.SendRealtimeTextAsync("hi");
            List<JsonElement> turn = await client.ReceiveTurnAsync();
            Assert.DoesNotContain(turn, m => m.Transcript() != null); // not asked for
            runs.Add(turn.Where(m => m.Audio() != null).SelectMany(m => m.Audio()!).ToArray());
        }

        Assert.Equal(runs[0], runs[1]);
        byte[] pcm = runs[0];
        Assert.Equal(12 * 60 * 48, pcm.Length); // "You said: hi": 12 chars × 60 ms = 720 ms at 48 bytes/ms
        short[] samples = Enumerable.Range(0, pcm.Length / 2).Select(i => BitConverter.ToInt16(pcm, i * 2)).ToArray();
        Assert.True(samples.Max() > 7000 && samples.Min() < -7000, "a loud tone");
        // "You", "said:", "hi": 3 + 5 + 2 letters share 720 − 2 × 30 ms = 660 ms → "You" is 198 ms (4752 samples), then 30 ms of silence.
        Assert.Contains(samples.Skip(4000).Take(700), s => Math.Abs(s) > 1000);
        Assert.All(samples.Skip(4752).Take(720), s => Assert.Equal(0, s));
        Assert.Contains(samples.Skip(5472 + 200).Take(500), s => Math.Abs(s) > 1000);
    }

    [Fact]
    public async Task TextTurnOnTranscribe35_FragmentsSplitMidWord()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectJsAsync(emulator, cts.Token);
        await client.SendSetupAsync("{\"model\":\"models/gemini-3.5-transcribe-live\",\"generationConfig\":{\"responseModalities\":[\"TEXT\"]}}");
        Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));

        await client.SendClientContentAsync("Hello what should we talk about?");
        List<JsonElement> turn = await client.ReceiveTurnAsync();

        List<string> fragments = turn.Select(m => m.TextPart()).Where(t => t != null).Select(t => t!).ToList();
        const string reply = "You said: Hello what should we talk about?";
        Assert.Equal(reply, string.Concat(fragments));
        Assert.True(fragments.Count > 2);
        Assert.All(fragments, f => Assert.True(f.Length <= 7));
        // At least one boundary falls between two letters: split mid-word.
        int at = 0;
        bool midWord = false;
        foreach (string fragment in fragments.Take(fragments.Count - 1))
        {
            at += fragment.Length;
            midWord |= char.IsLetter(reply[at - 1]) && char.IsLetter(reply[at]);
        }
        Assert.True(midWord);
        Assert.All(turn, m => Assert.False(m.Get("serverContent").TryGetProperty("modelTurn", out JsonElement mt) && mt.TryGetProperty("role", out _)));

        int generationComplete = turn.FindIndex(m => m.Has("serverContent", "generationComplete"));
        Assert.Equal(turn.Count - 2, generationComplete);
        JsonElement usage = turn[^1].Get("usageMetadata");
        Assert.Equal(32 / 4 + 1, usage.Get("promptTokenCount").GetInt32());
        Assert.Equal(reply.Length / 4 + 1, usage.Get("responseTokenCount").GetInt32());
        Assert.Equal("TEXT", usage.Get("responseTokensDetails")[0].Get("modality").GetString());
    }

    [Fact]
    public async Task MessagesSentBeforeSetupComplete_AreAnsweredInOrder()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);

        // Like the C# SDK: no wait for setupComplete.
        await client.SendSetupAsync(EmulatorFixture.Setup38Audio);
        await client.SendRealtimeTextAsync("one");
        await client.SendClientContentAsync("two");
        await client.SendAsync("{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate=16000\",\"data\":\"AAAAAA==\"}}}");
        await client.SendRealtimeTextAsync("three");

        Assert.True((await client.ReceiveJsonAsync()).Has("setupComplete"));
        foreach (string word in new[] { "one", "two", "three" })
        {
            List<JsonElement> turn = await client.ReceiveTurnAsync();
            Assert.True(turn.Count > 3, string.Join("\n", turn));
            Assert.Equal("You said: " + word, string.Concat(turn.Select(m => m.Transcript())));
            Assert.DoesNotContain(turn, m => m.Has("serverContent", "interrupted"));
        }
    }

    [Fact]
    public async Task FragmentedMessageWithASplitCharacter_IsDecodedAfterReassembly()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync("{\"model\":\"models/gemini-3.5-transcribe-live\",\"generationConfig\":{\"responseModalities\":[\"TEXT\"]}}");
        await client.ReceiveJsonAsync();

        byte[] message = Encoding.UTF8.GetBytes("{\"realtimeInput\":{\"text\":\"Grüße, café 😀\"}}");
        int split = Array.IndexOf(message, (byte)0xC3) + 1; // inside "ü"
        await client.Socket.SendAsync(message.AsMemory(0, split), System.Net.WebSockets.WebSocketMessageType.Text, false, cts.Token);
        await client.Socket.SendAsync(message.AsMemory(split), System.Net.WebSockets.WebSocketMessageType.Text, true, cts.Token);

        List<JsonElement> turn = await client.ReceiveTurnAsync();
        Assert.Equal("You said: Grüße, café 😀", string.Concat(turn.Select(m => m.TextPart())));
        // The service writes non-ASCII raw, not as \u escapes.
        Assert.Contains(emulator.Traffic, r => r.Direction == EmulatorTrafficDirection.ServerToClient && r.Text.Contains("ß"));
    }

    [Fact]
    public async Task BargeInDuringAudio_InterruptedThenTurnComplete_NoGenerationComplete()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        // Real-time pacing: a 200-character reply takes 12 s to play and about 3 s to generate.
        await using GeminiEmulator emulator = EmulatorFixture.Start(o => o.TimeScale = 1);
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync(EmulatorFixture.Setup38Audio);
        await client.ReceiveJsonAsync();

        await client.SendRealtimeTextAsync(string.Join(" ", Enumerable.Repeat("long sentence", 15)));
        JsonElement first = await client.ReceiveJsonAsync();
        Assert.Equal(9600, first.Audio()!.Length);
        var clock = Stopwatch.StartNew();
        await client.SendRealtimeTextAsync("stop");

        List<JsonElement> interruptedTurn = await client.ReceiveTurnAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), "the interruption is immediate, not after the reply");
        int interrupted = interruptedTurn.FindIndex(m => m.Has("serverContent", "interrupted"));
        Assert.True(interrupted >= 0, "interrupted was sent");
        Assert.Equal(interruptedTurn.Count - 1, interrupted + 1);
        Assert.DoesNotContain(interruptedTurn, m => m.Has("serverContent", "generationComplete"));
        Assert.True(interruptedTurn[^1].Has("usageMetadata"));
        // Whatever audio got out before the cut, far less than the whole 12 s (576,000 bytes).
        Assert.True(interruptedTurn.Sum(m => m.Audio()?.Length ?? 0) < 200_000);

        List<JsonElement> next = await client.ReceiveTurnAsync();
        Assert.Equal("You said: stop", string.Concat(next.Select(m => m.Transcript())));
        Assert.Contains(next, m => m.Has("serverContent", "generationComplete"));
    }

    [Fact]
    public async Task TurnCompleteWithNoUserTurn_Closes1007_ButEarlierTurnsWithoutTurnCompleteCount()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start();
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync(EmulatorFixture.Setup38Audio);
        await client.ReceiveJsonAsync();

        await client.SendAsync("{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi \"},{\"text\":\"there\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Hello\"}]}]}}");
        await client.SendAsync("{\"clientContent\":{\"turnComplete\":true}}");
        List<JsonElement> turn = await client.ReceiveTurnAsync();
        Assert.Equal("You said: Hi there", string.Concat(turn.Select(m => m.Transcript())));

        await client.SendAsync("{\"clientContent\":{\"turnComplete\":true}}");
        (List<ReceivedFrame> before, ReceivedFrame close) = await client.ReceiveUntilCloseAsync();
        Assert.Empty(before);
        Assert.Equal(1007, (int)close.CloseStatus!);
        Assert.Equal("Request contains an invalid argument.", close.CloseDescription);
    }

    [Fact]
    public async Task NoInterruption_QueuesRealtimeTextUntilTheTurnIsComplete()
    {
        using CancellationTokenSource cts = EmulatorFixture.Timeout();
        await using GeminiEmulator emulator = EmulatorFixture.Start(o => o.TimeScale = 0.2);
        await using EmulatorTestClient client = await EmulatorTestClient.ConnectHeaderAsync(emulator, cts.Token);
        await client.SendSetupAsync("{\"model\":\"models/gemini-3.8-live\",\"outputAudioTranscription\":{},\"realtimeInputConfig\":{\"activityHandling\":\"NO_INTERRUPTION\"}}");
        await client.ReceiveJsonAsync();

        await client.SendRealtimeTextAsync("first message here");
        await client.ReceiveJsonAsync();
        await client.SendRealtimeTextAsync("second");

        List<JsonElement> first = await client.ReceiveTurnAsync();
        Assert.DoesNotContain(first, m => m.Has("serverContent", "interrupted"));
        Assert.Contains(first, m => m.Has("serverContent", "generationComplete"));
        List<JsonElement> second = await client.ReceiveTurnAsync();
        Assert.Equal("You said: second", string.Concat(second.Select(m => m.Transcript())));
    }
}
