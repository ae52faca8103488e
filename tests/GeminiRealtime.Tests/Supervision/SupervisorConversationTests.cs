using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Supervision;
using GeminiRealtime.Tests.Session;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Tests.Supervision;

/// <summary>The supervisor inside a conversation against the emulator: reviews, guidance, asks.</summary>
public sealed class SupervisorConversationTests
{
    private static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 10)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("Timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    private static List<(int Index, string Text)> Frames(GeminiEmulator emulator, EmulatorTrafficDirection direction) =>
        emulator.Traffic.Select((r, i) => (Record: r, Index: i)).Where(x => x.Record.Direction == direction)
            .Select(x => (x.Index, x.Record.Text)).ToList();

    [Fact]
    public async Task Guidance_sent_while_a_reply_is_generated_waits_for_its_turnComplete_and_interrupts_nothing()
    {
        await using var harness = await ConversationHarness.StartAsync(emulator => emulator.TimeScale = 1);
        GeminiConversation conversation = harness.Conversation;
        Task<(string Text, bool Interrupted)> turn = harness.AskAsync("tell me something long enough to take a while");
        await WaitUntilAsync(() => conversation.Statistics.MessagesReceived > 2, "the reply started");
        Task guidance = conversation.SendGuidanceAsync("Mention the deadline.", "test");
        (string text, bool interrupted) = await turn;
        Assert.False(interrupted);
        Assert.Equal("You said: tell me something long enough to take a while", text);
        await guidance.WaitAsync(TimeSpan.FromSeconds(10));
        // The send completes when the frame is on the socket; the emulator logs it when its read loop takes it.
        await WaitUntilAsync(() => Frames(harness.Emulator, EmulatorTrafficDirection.ClientToServer).Any(f => f.Text.Contains("Mention the deadline.", StringComparison.Ordinal)), "the emulator read the guidance");

        var fromClient = Frames(harness.Emulator, EmulatorTrafficDirection.ClientToServer);
        var fromServer = Frames(harness.Emulator, EmulatorTrafficDirection.ServerToClient);
        int guidanceAt = fromClient.Single(f => f.Text.Contains("Mention the deadline.", StringComparison.Ordinal)).Index;
        int turnCompleteAt = fromServer.First(f => f.Text.Contains("\"turnComplete\"", StringComparison.Ordinal)).Index;
        Assert.True(guidanceAt > turnCompleteAt, "the guidance went out before the reply's turnComplete");
        Assert.DoesNotContain(fromServer, f => f.Text.Contains("\"interrupted\"", StringComparison.Ordinal));

        TranscriptEntry entry = Assert.Single(conversation.Transcript.Entries, e => e.Kind == TranscriptEntryKind.Guidance);
        Assert.Equal(TranscriptRole.Supervisor, entry.Role);
        Assert.Equal("Mention the deadline.", entry.Text);
        Assert.Equal("test", entry.Source);

        // The guidance is in the live model's history (the emulator recalls the last user entry before a question).
        var (recall, _) = await harness.AskAsync(EmulatorModelRecall);
        Assert.Equal("You said before: " + SupervisorGuidance.Prefix + "Mention the deadline.", recall);
    }

    private const string EmulatorModelRecall = "what did I say before?";

    [Fact]
    public async Task Guidance_on_a_model_that_takes_clientContent_only_as_initial_history_is_refused_before_anything_is_sent()
    {
        await using var harness = await ConversationHarness.StartAsync(session: options => options.Model = "gemini-3.1-flash-live-preview");
        Assert.False(harness.Conversation.CanPushGuidance);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => harness.Conversation.SendGuidanceAsync("x", "test"));
        Assert.Contains("initial history", error.Message);
        Assert.DoesNotContain(harness.Emulator.Traffic, r => r.Direction == EmulatorTrafficDirection.ClientToServer && r.Text.Contains("clientContent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guidance_waiting_for_idle_fails_when_the_conversation_closes()
    {
        var harness = await ConversationHarness.StartAsync(emulator => emulator.TimeScale = 1);
        await harness.Conversation.SendTextAsync("a reply that is still being spoken when the session closes");
        await WaitUntilAsync(() => harness.Conversation.Statistics.MessagesReceived > 2, "the reply started");
        Task guidance = harness.Conversation.SendGuidanceAsync("Too late.", "test");
        await harness.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => guidance.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_model_supervisor_reviews_after_turns_and_pushes_guidance_only_when_it_has_some()
    {
        await using var harness = await WithSupervisorAsync("gemini-2.5-pro");
        GeminiConversation conversation = harness.Conversation;
        Assert.NotNull(conversation.Supervisor);

        await harness.AskAsync("hello there");
        await WaitUntilAsync(() => conversation.SupervisorReviews >= 1, "the first review");
        Assert.DoesNotContain(conversation.Transcript.Entries, e => e.Kind == TranscriptEntryKind.Guidance);

        await harness.AskAsync("Supervisor, remind the assistant that my name is Ada.");
        await WaitUntilAsync(() => conversation.Transcript.Entries.Any(e => e.Kind == TranscriptEntryKind.Guidance), "the guidance");
        TranscriptEntry guidance = conversation.Transcript.Entries.Single(e => e.Kind == TranscriptEntryKind.Guidance);
        Assert.Equal("Guidance: the user asked the supervisor: Supervisor, remind the assistant that my name is Ada.", guidance.Text);
        Assert.Equal("model gemini-2.5-pro", guidance.Source);
        await WaitUntilAsync(() => harness.Emulator.Traffic.Any(r => r.Direction == EmulatorTrafficDirection.ClientToServer
            && r.Text.Contains("\"clientContent\"", StringComparison.Ordinal) && r.Text.Contains("my name is Ada", StringComparison.Ordinal)), "the guidance on the wire");
        Assert.True(harness.Emulator.GenerateContentRequests >= 2);
    }

    [Fact]
    public async Task A_model_supervisor_answers_a_question_with_the_transcript_as_context()
    {
        await using var harness = await ConversationHarness.StartAsync();
        await harness.AskAsync("first line");
        using var supervisor = new ModelSupervisor(ApiCredential.FromSecret(ConversationHarness.Key), "gemini-2.5-pro", harness.Emulator.Endpoint);
        GenerateContentResult answer = await supervisor.AskAsync(harness.Conversation.Transcript, "How many lines so far?");
        Assert.Equal("Answer from gemini-2.5-pro to \"How many lines so far?\" (context: 2 conversation line(s)).", answer.Text);
        Assert.Equal("STOP", answer.FinishReason);
    }

    [Fact]
    public async Task Review_failures_are_told_as_warnings_and_stop_after_three_in_a_row()
    {
        await using var harness = await WithSupervisorAsync("gemini-0-unknown");
        for (int i = 0; i < 4; i++)
        {
            await harness.AskAsync("turn " + i);
            int expected = Math.Min(i + 1, SupervisorReviewLoop.MaxConsecutiveFailures);
            await WaitUntilAsync(() => { harness.DrainNotices(); return harness.Notices.Count(n => n.Contains("could not review")) >= expected; }, $"{expected} review failure(s)");
        }
        await Task.Delay(300);
        harness.DrainNotices();
        Assert.Equal(SupervisorReviewLoop.MaxConsecutiveFailures, harness.Notices.Count(n => n.Contains("could not review")));
        Assert.Contains(harness.Notices, n => n.StartsWith("Warning:", StringComparison.Ordinal) && n.Contains("is not found", StringComparison.Ordinal) && n.Contains("stops reviewing", StringComparison.Ordinal));
        Assert.Equal(0, harness.Conversation.SupervisorReviews);
    }

    [Fact]
    public async Task A_failed_connect_disposes_the_supervisor_it_was_given()
    {
        await using var emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0, ApiKey = ConversationHarness.Key });
        var handler = new DisposalWitness();
        var settings = new ConversationOptions { Supervisor = new ModelSupervisor(ApiCredential.FromSecret(ConversationHarness.Key), "gemini-2.5-pro", emulator.Endpoint, handler: handler) };
        var options = new GeminiSessionOptions(ApiCredential.FromSecret("AIzaWrongKeyForThisEmulator-000000"))
        {
            Endpoint = emulator.Endpoint,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SetupTimeout = TimeSpan.FromSeconds(5),
        };
        await Assert.ThrowsAsync<GeminiSessionException>(() => GeminiConversation.ConnectAsync(options, settings));
        Assert.True(handler.Disposed);
    }

    private sealed class DisposalWitness : HttpMessageHandler
    {
        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not called");

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>A harness whose conversation has a supervisor model on the harness's own emulator.</summary>
    private static async Task<ConversationHarness> WithSupervisorAsync(string model)
    {
        ConversationHarness harness = await ConversationHarness.StartAsync();
        await harness.Conversation.DisposeAsync();
        await harness.ConnectAsync(settings => settings.Supervisor = new ModelSupervisor(ApiCredential.FromSecret(ConversationHarness.Key), model, harness.Emulator.Endpoint));
        return harness;
    }
}
