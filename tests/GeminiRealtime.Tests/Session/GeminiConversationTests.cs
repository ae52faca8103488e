using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Tests.Reliability;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Tests.Session;

public class GeminiConversationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static async Task<ConversationNotice> WaitForNoticeAsync(GeminiConversation conversation, string contains, List<string> seen)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            ConversationNotice notice;
            try
            {
                notice = await conversation.Notices.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No notice containing '{contains}'. Seen:\n{string.Join("\n", seen)}");
                throw;
            }
            seen.Add(notice.Level + ": " + notice.Message);
            if (notice.Message.Contains(contains, StringComparison.Ordinal)) return notice;
        }
    }

    [Fact]
    public async Task GoAway_switches_connections_before_the_cut_with_the_newest_handle_and_keeps_the_history()
    {
        await Bounded.Within(Run(), Limit, "goAway reconnect");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => { e.LifetimeSeconds = 1.5; e.GoAwaySeconds = 1.0; });
            Assert.Equal("You said: first", (await h.AskAsync("first")).Text);
            string handle = await h.NextHandleAsync();
            await WaitForNoticeAsync(h.Conversation, "goAway received", h.Notices);
            await WaitForNoticeAsync(h.Conversation, "Reconnected", h.Notices);

            Assert.Equal("You said before: first", (await h.AskAsync("what did I say before?")).Text);
            // (Each new connection gets its own goAway 0.5 s in: on a slow machine a second switch may follow.)
            Assert.True(h.Conversation.Reconnects >= 1, string.Join("\n", h.Notices));
            Assert.Equal(handle, h.Conversation.HandlesUsed[0]);
            var setups = h.Setups();
            Assert.True(setups.Count >= 2);
            Assert.Equal(handle, setups[1].Handle);
            // Left before the cut: the client closed connection 1 normally, the emulator never sent its 1011.
            var closes = h.Emulator.Traffic.Where(r => r.ConnectionId == setups[0].Connection && r.Direction == EmulatorTrafficDirection.Close).Select(r => r.Text).ToList();
            Assert.Contains(closes, c => c.StartsWith("client close 1000", StringComparison.Ordinal));
            Assert.DoesNotContain(closes, c => c.StartsWith("close 1011", StringComparison.Ordinal));
            Assert.Contains(h.Notices, n => n.Contains("Reconnecting (goAway, ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(0, 12)]    // drops without a close frame (1006)
    [InlineData(1011, 12)] // 1011 Internal error
    public async Task A_turn_cut_by_a_dead_connection_is_sent_again_and_answered_exactly_once(int failWith, int every)
    {
        await Bounded.Within(Run(), Limit, "re-send after a dead connection");

        async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e =>
            {
                // Paced, so a 1011 (sent after the frames already queued) lands mid-turn, not after a finished one.
                e.TimeScale = 0.05;
                if (failWith == 0) e.DropEvery = every;
                else { e.FailEvery = every; e.FailWith = failWith; }
            });
            for (int i = 1; i <= 6; i++)
            {
                var (text, interrupted) = await h.AskAsync($"turn {i}");
                Assert.Equal($"You said: turn {i}", text);
                Assert.False(interrupted);
            }
            Assert.True(h.Conversation.Reconnects >= 2, $"expected reconnects; notices:\n{string.Join("\n", h.Notices)}");
            Assert.Contains(h.Notices, n => n.Contains("Re-sent the turn that was in flight", StringComparison.Ordinal));
            Assert.Equal(6, h.Conversation.Transcript.Entries.Count(e => e.Role == TranscriptRole.User && e.Kind == TranscriptEntryKind.Text));
            string[] answers = h.Conversation.Transcript.Entries.Where(e => e.Role == TranscriptRole.Model && e.Kind == TranscriptEntryKind.Text).Select(e => e.Text).ToArray();
            Assert.Equal(Enumerable.Range(1, 6).Select(i => $"You said: turn {i}"), answers);
        }
    }

    [Fact]
    public async Task Invalid_argument_1007_is_never_retried()
    {
        await Bounded.Within(Run(), Limit, "1007");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => { e.FailEvery = 2; e.FailWith = 1007; });
            // The close follows the frames already queued, so it may land after the first turn: keep talking until it does.
            var error = await Assert.ThrowsAsync<GeminiSessionException>(async () => { for (int i = 0; i < 5; i++) await h.AskAsync("hello " + i); });
            Assert.Equal(1007, error.CloseCode);
            Assert.Equal(0, h.Conversation.Reconnects);
            Assert.Single(h.Setups());
            Assert.Equal(GeminiSessionState.Closed, h.Conversation.State);
        }
    }

    [Fact]
    public async Task NoReconnect_reports_a_retryable_close_instead_of_reconnecting()
    {
        await Bounded.Within(Run(), Limit, "no reconnect");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => { e.FailEvery = 2; }, c => c.AutoReconnect = false);
            var error = await Assert.ThrowsAsync<GeminiSessionException>(async () => { for (int i = 0; i < 5; i++) await h.AskAsync("hello " + i); });
            Assert.Equal(1011, error.CloseCode);
            Assert.Single(h.Setups());
        }
    }

    [Fact]
    public async Task Gives_up_after_three_consecutive_failures()
    {
        await Bounded.Within(Run(), Limit, "give up");

        static async Task Run()
        {
            // Every connection dies at its first frame after setupComplete: no progress is ever made.
            await using var h = await ConversationHarness.StartAsync(e => { e.DropEvery = 1; });
            var error = await Assert.ThrowsAsync<GeminiSessionException>(() => h.AskAsync("hello"));
            Assert.Contains("gave up after 3 consecutive failures", error.Message);
            Assert.Equal(3, h.Setups().Count); // the first connection and two reconnects
        }
    }

    [Fact]
    public async Task A_stale_handle_is_dropped_and_the_conversation_continues_in_a_fresh_session_seeded_from_the_transcript()
    {
        await Bounded.Within(Run(), Limit, "stale handle");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => { e.LifetimeSeconds = 0.6; e.GoAwaySeconds = 0; e.HandleLifetimeSeconds = 0.001; });
            Assert.Equal("You said: my name is Ada", (await h.AskAsync("my name is Ada")).Text);
            await WaitForNoticeAsync(h.Conversation, "session not found", h.Notices);
            await WaitForNoticeAsync(h.Conversation, "Reconnected", h.Notices);
            Assert.Equal("You said before: my name is Ada", (await h.AskAsync("what did I say before?")).Text);
            Assert.Contains(null, h.Conversation.HandlesUsed);
            // The seed: clientContent history without turnComplete, and historyConfig on 3.8.
            Assert.Contains(h.Emulator.Traffic, r => r.Direction == EmulatorTrafficDirection.ClientToServer && r.Text.Contains("\"initialHistoryInClientContent\":true", StringComparison.Ordinal));
            Assert.Contains(h.Emulator.Traffic, r => r.Direction == EmulatorTrafficDirection.ClientToServer && r.Text.Contains("{\"clientContent\":{\"turns\":[{\"parts\":[{\"text\":\"my name is Ada\"}],\"role\":\"user\"}", StringComparison.Ordinal)
                || r.Text.Contains("my name is Ada\"}]", StringComparison.Ordinal) && r.Text.Contains("clientContent", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_stalled_turn_is_detected_and_resumed_on_a_new_connection()
    {
        await Bounded.Within(Run(), Limit, "stall");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => e.StallEvery = 2, c => c.StallTimeout = TimeSpan.FromMilliseconds(600));
            Assert.Equal("You said: one", (await h.AskAsync("one")).Text);
            Assert.Equal("You said: two", (await h.AskAsync("two")).Text);
            Assert.Equal(1, h.Emulator.InjectedStalls);
            Assert.Contains(h.Notices, n => n.StartsWith("Warning: The model has been silent", StringComparison.Ordinal));
            Assert.Equal(1, h.Conversation.Reconnects);
            Assert.Equal("You said before: two", (await h.AskAsync("what did I say before?")).Text);
        }
    }

    [Fact]
    public async Task Resume_seeds_a_new_conversation_with_an_earlier_transcript()
    {
        await Bounded.Within(Run(), Limit, "resume");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync();
            await h.AskAsync("the password is swordfish");
            GeminiTranscript earlier = TranscriptJson.Parse(TranscriptJson.ToDocument(h.Conversation.Model, h.Conversation.Transcript.Entries));
            await h.Conversation.DisposeAsync();

            await h.ConnectAsync(c => c.Resume = earlier);
            Assert.Equal("You said before: the password is swordfish", (await h.AskAsync("what did I say before?")).Text);
            Assert.Equal(earlier.Count + 2, h.Conversation.Transcript.Entries.Count(e => e.Kind != TranscriptEntryKind.Event));
        }
    }

    [Fact]
    public async Task The_transcript_streams_to_disk_as_json_lines_per_entry()
    {
        await Bounded.Within(Run(), Limit, "transcript file");

        static async Task Run()
        {
            string path = Path.Combine(Path.GetTempPath(), "conv-" + Guid.NewGuid().ToString("N") + ".jsonl");
            try
            {
                await using var h = await ConversationHarness.StartAsync(conversation: c => c.TranscriptPath = path);
                await h.AskAsync("hello file");
                // Readable while the conversation is still open (flushed per entry).
                string text;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                using (var reader = new StreamReader(stream)) text = await reader.ReadToEndAsync();
                GeminiTranscript back = TranscriptJson.Parse(text);
                Assert.Equal(new[] { "hello file", "You said: hello file" }, back.Dialogue().Select(e => e.Text));
                Assert.DoesNotContain(ConversationHarness.Key, text);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public async Task A_turn_whose_tool_already_ran_is_reported_not_resent_so_the_tool_runs_once()
    {
        await Bounded.Within(Run(), Limit, "tool turn across a drop");

        static async Task Run()
        {
            // Frames after setupComplete: 1 sessionResumptionUpdate {}, 2 toolCall, (toolResponse), 3 first audio chunk -> drop.
            await using var h = await ConversationHarness.StartAsync(
                e => e.DropEvery = 3,
                session: o => o.Tools.Add(new Tool { FunctionDeclarations = new List<FunctionDeclaration> { new() { Name = "get_time", Description = "Tells the time." } } }));
            int executions = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var turn = new TurnAssembler("1", h.Conversation.Model, h.Conversation.TextPartsAreAnswer, "call get_time please", DateTimeOffset.Now);
            await h.Conversation.SendTextAsync("call get_time please", timeout.Token);
            while (!turn.IsComplete)
            {
                ServerMessage? message = await h.Conversation.ReadMessageAsync(timeout.Token);
                Assert.NotNull(message);
                using (message)
                {
                    turn.Add(message!);
                    if (message!.ToolCall?.FunctionCalls is { } calls)
                    {
                        executions++;
                        var response = GeminiSession.ErrorResponse(calls[0], "not really");
                        await h.Conversation.SendToolResponseAsync(new[] { response }, timeout.Token);
                    }
                }
            }
            h.DrainNotices();
            Assert.Equal(1, executions);
            Assert.True(turn.Interrupted, "the lost tool turn ends as interrupted");
            Assert.Contains(h.Notices, n => n.Contains("after its tool calls had run", StringComparison.Ordinal));
            // The user text went to the service once: never re-sent on the new connection.
            Assert.Single(h.Emulator.Traffic, r => r.Direction == EmulatorTrafficDirection.ClientToServer && r.Text.Contains("call get_time please", StringComparison.Ordinal));
            Assert.Contains(h.Conversation.Transcript.Entries, e => e.Kind == TranscriptEntryKind.ToolResult && e.Name == "get_time");
        }
    }
}
