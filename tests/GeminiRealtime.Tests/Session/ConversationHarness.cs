using System.Text;
using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.Tests.Session;

/// <summary>An emulator plus a conversation against it, and a reader that folds one turn like TurnRunner does.</summary>
internal sealed class ConversationHarness : IAsyncDisposable
{
    public const string Key = "AIzaConversationTestKey-0123456789";

    private ConversationHarness(GeminiEmulator emulator) => Emulator = emulator;

    public GeminiEmulator Emulator { get; }
    public GeminiConversation Conversation { get; private set; } = null!;
    public List<string> Notices { get; } = new();

    public static async Task<ConversationHarness> StartAsync(Action<EmulatorOptions>? emulator = null, Action<ConversationOptions>? conversation = null, Action<GeminiSessionOptions>? session = null)
    {
        var emulatorOptions = new EmulatorOptions { TimeScale = 0, ApiKey = Key };
        emulator?.Invoke(emulatorOptions);
        var harness = new ConversationHarness(GeminiEmulator.Start(emulatorOptions));
        await harness.ConnectAsync(conversation, session);
        return harness;
    }

    public async Task ConnectAsync(Action<ConversationOptions>? conversation = null, Action<GeminiSessionOptions>? session = null)
    {
        var options = SessionOptions(Emulator.Endpoint);
        session?.Invoke(options);
        var settings = new ConversationOptions { BackoffBase = TimeSpan.FromMilliseconds(20), BackoffMax = TimeSpan.FromMilliseconds(200), JitterSeed = 7 };
        conversation?.Invoke(settings);
        Conversation = await GeminiConversation.ConnectAsync(options, settings);
    }

    public static GeminiSessionOptions SessionOptions(Uri endpoint) => new(ApiCredential.FromSecret(Key))
    {
        Endpoint = endpoint,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        SetupTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Sends one user turn and returns the answer text at its turnComplete (Interrupted flag too).</summary>
    public async Task<(string Text, bool Interrupted)> AskAsync(string text, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(20));
        var turn = new TurnAssembler(Conversation.Id.ToString(), Conversation.Model, Conversation.TextPartsAreAnswer, text, DateTimeOffset.Now);
        try
        {
            await Conversation.SendTextAsync(text, timeout.Token);
            while (!turn.IsComplete)
            {
                ServerMessage? message = await Conversation.ReadMessageAsync(timeout.Token);
                if (message == null) throw new InvalidOperationException("The conversation ended before the turn completed.");
                using (message) turn.Add(message);
                DrainNotices();
            }
        }
        catch (OperationCanceledException)
        {
            DrainNotices();
            Assert.Fail($"No turnComplete for '{text}' in time. Notices:\n{string.Join("\n", Notices)}");
        }
        DrainNotices();
        return (turn.AnswerText, turn.Interrupted);
    }

    /// <summary>Reads (and drops) messages until a resumable handle arrives; returns the conversation's handle.</summary>
    public async Task<string> NextHandleAsync(TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            ServerMessage? message = await Conversation.ReadMessageAsync(timeout.Token);
            Assert.NotNull(message);
            using (message)
            {
                if (message!.SessionResumptionUpdate?.Resumable == true) return Conversation.ResumptionHandle!;
            }
        }
    }

    public void DrainNotices()
    {
        while (Conversation.Notices.TryRead(out ConversationNotice? notice)) Notices.Add(notice.Level + ": " + notice.Message);
    }

    /// <summary>The setup frames the emulator received, per connection in order: (connection, handle or null, time).</summary>
    public List<(long Connection, string? Handle, DateTimeOffset Time)> Setups() =>
        Emulator.Traffic.Where(r => r.Direction == EmulatorTrafficDirection.ClientToServer && r.Text.StartsWith("{\"setup\"", StringComparison.Ordinal))
            .Select(r =>
            {
                using JsonDocument doc = JsonDocument.Parse(r.Text);
                string? handle = doc.RootElement.GetProperty("setup").TryGetProperty("sessionResumption", out JsonElement resumption)
                    && resumption.TryGetProperty("handle", out JsonElement h) ? h.GetString() : null;
                return (r.ConnectionId, handle, r.Time);
            }).ToList();

    /// <summary>Every resumable handle the emulator sent, in time order.</summary>
    public List<(long Connection, string Handle, DateTimeOffset Time)> IssuedHandles() =>
        Emulator.Traffic.Where(r => r.Direction == EmulatorTrafficDirection.ServerToClient && r.Text.Contains("\"newHandle\"", StringComparison.Ordinal))
            .Select(r =>
            {
                using JsonDocument doc = JsonDocument.Parse(r.Text);
                return (r.ConnectionId, doc.RootElement.GetProperty("sessionResumptionUpdate").GetProperty("newHandle").GetString()!, r.Time);
            }).ToList();

    public async ValueTask DisposeAsync()
    {
        if (Conversation != null) await Conversation.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
