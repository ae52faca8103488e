using System.Text.Json;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Tests.Reliability;
using GeminiRealtime.Tools;

namespace GeminiRealtime.Tests.Session;

/// <summary>
/// Which turn in flight a model generation belongs to when tools are involved. A NON_BLOCKING call's answer (scheduling
/// WHEN_IDLE or INTERRUPT) makes the model speak once more (protocol.md §4.4): that generation ends with a
/// <c>turnComplete</c> of its own and answers no user turn. A tool that ran for a turn is never run again for it.
/// </summary>
public class ToolTurnsInFlightTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    internal static Tool Declare(string name, bool nonBlocking) => new()
    {
        FunctionDeclarations = new List<FunctionDeclaration>
        {
            new() { Name = name, Description = "A test tool.", Behavior = nonBlocking ? FunctionBehavior.NonBlocking : null },
        },
    };

    internal static FunctionResponse Output(FunctionCall call, string output, string? scheduling = null)
    {
        using JsonDocument document = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["output"] = output }));
        return new FunctionResponse { Id = call.Id, Name = call.Name, Response = document.RootElement.Clone(), Scheduling = scheduling };
    }

    /// <summary>Claims and answers a call the way the cmdlets do (through the conversation's tracker).</summary>
    private static async Task<bool> AnswerAsync(GeminiConversation conversation, FunctionCall call, string output, string? scheduling, CancellationToken ct)
    {
        PendingToolCall pending = conversation.ToolCalls.Find(call) ?? throw new InvalidOperationException("untracked call");
        Assert.True(pending.TryClaim());
        return await conversation.ToolCalls.AnswerAsync(pending, Output(call, output, scheduling), ToolCallOutcome.Completed, ct);
    }

    /// <summary>Reads messages (folding them into <paramref name="turn"/> when given) until one matches.</summary>
    private static async Task ReadUntilAsync(GeminiConversation conversation, Func<ServerMessage, bool> stop, CancellationToken ct, TurnAssembler? turn = null, Func<ServerMessage, Task>? each = null)
    {
        while (true)
        {
            ServerMessage? message = await conversation.ReadMessageAsync(ct);
            Assert.NotNull(message);
            using (message)
            {
                turn?.Add(message!);
                if (each != null) await each(message!);
                if (stop(message!)) return;
            }
        }
    }

    private static bool Spoken(ServerMessage m) => m.ServerContent?.OutputTranscription?.Text is { Length: > 0 };

    private static bool Complete(ServerMessage m) => m.ServerContent?.TurnComplete == true;

    /// <summary>
    /// A NON_BLOCKING call answered at once (WHEN_IDLE); the first user turn completes, the model starts to speak the
    /// tool's result, a second user turn goes out and interrupts it. Returns once the result's (interrupted)
    /// turnComplete has been read: the second user turn is still waiting for its answer.
    /// </summary>
    private static async Task InterruptTheToolResultAsync(ConversationHarness h, CancellationToken ct)
    {
        await h.Conversation.SendTextAsync("please lookup the weather", ct);
        var first = new TurnAssembler("1", h.Conversation.Model, false, null, DateTimeOffset.Now);
        await ReadUntilAsync(h.Conversation, Complete, ct, first, async m =>
        {
            if (m.ToolCall?.FunctionCalls is { } calls) Assert.True(await AnswerAsync(h.Conversation, calls[0], "sunny", FunctionResponseScheduling.WhenIdle, ct));
        });
        Assert.Equal("You said: please lookup the weather", first.AnswerText);
        // The model speaks the result once idle: wait until it has started, then ask the next question.
        var result = new TurnAssembler("1", h.Conversation.Model, false, null, DateTimeOffset.Now);
        bool marked = true;
        await ReadUntilAsync(h.Conversation, Spoken, ct, result, m => { marked &= m.ToolResultTurn; return Task.CompletedTask; });
        await h.Conversation.SendTextAsync("second question", ct);
        await ReadUntilAsync(h.Conversation, Complete, ct, result, m => { marked &= m.ToolResultTurn; return Task.CompletedTask; });
        Assert.True(result.Interrupted, "the second question interrupted the spoken tool result");
        Assert.True(marked, "every message of the spoken tool result is marked as such");
        Assert.NotEmpty(result.AnswerText);
        Assert.StartsWith(result.AnswerText, "The lookup tool returned {\"output\":\"sunny\"}.", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_turn_a_non_blocking_tool_result_makes_the_model_speak_is_not_taken_for_the_next_user_turn()
    {
        await Bounded.Within(Run(), Limit, "NON_BLOCKING result turn");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => e.TimeScale = 0.5, session: o => o.Tools.Add(Declare("lookup", nonBlocking: true)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await InterruptTheToolResultAsync(h, timeout.Token);

            // The second question's answer takes ~0.75 s to complete: it is still owed, and its messages are its own.
            var taken = new List<ServerMessage>();
            int inFlight = h.Conversation.TakeWaitingMessages(taken);
            Assert.DoesNotContain(taken, m => m.ToolResultTurn);
            int completes = taken.Count(Complete);
            foreach (ServerMessage message in taken) message.Dispose();
            Assert.Equal(1, inFlight + completes);

            var second = new TurnAssembler("1", h.Conversation.Model, false, null, DateTimeOffset.Now);
            if (completes == 0) await ReadUntilAsync(h.Conversation, Complete, timeout.Token, second);
            Assert.Equal(0, h.Conversation.TakeWaitingMessages(taken));
        }
    }

    [Fact]
    public async Task A_user_turn_behind_a_non_blocking_tool_result_is_sent_again_when_the_connection_drops()
    {
        await Bounded.Within(Run(), Limit, "NON_BLOCKING result turn across a drop");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => e.TimeScale = 0.5, session: o => o.Tools.Add(Declare("lookup", nonBlocking: true)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await InterruptTheToolResultAsync(h, timeout.Token);

            // The second question is in flight, unanswered: a drop must send it again, not forget it.
            h.Emulator.AbortAll();
            var second = new TurnAssembler("1", h.Conversation.Model, false, "second question", DateTimeOffset.Now);
            await ReadUntilAsync(h.Conversation, Complete, timeout.Token, second);
            h.DrainNotices();
            Assert.True("You said: second question" == second.AnswerText, $"answered '{second.AnswerText}'. Notices:\n{string.Join("\n", h.Notices)}");
            Assert.False(second.Interrupted);
            Assert.True(h.Conversation.Reconnects >= 1);
        }
    }

    [Fact]
    public async Task A_tool_answered_while_a_later_turn_is_in_flight_does_not_keep_that_turn_from_being_sent_again()
    {
        await Bounded.Within(Run(), Limit, "late NON_BLOCKING answer across a drop");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => e.TimeScale = 0.5, session: o => o.Tools.Add(Declare("lookup", nonBlocking: true)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            CancellationToken ct = timeout.Token;
            await h.Conversation.SendTextAsync("please lookup the weather", ct);
            FunctionCall? call = null;
            await ReadUntilAsync(h.Conversation, Complete, ct, each: m =>
            {
                if (m.ToolCall?.FunctionCalls is { } calls) call = calls[0];
                return Task.CompletedTask;
            });
            Assert.NotNull(call);

            // The call of the first turn is answered only once the second turn is in flight; then the connection drops.
            await h.Conversation.SendTextAsync("second question", ct);
            Assert.True(await AnswerAsync(h.Conversation, call!, "sunny", FunctionResponseScheduling.WhenIdle, ct));
            h.Emulator.AbortAll();

            // The second turn ran no tool: it is sent again and answered. The tool result's turn is reported lost after it.
            var second = new TurnAssembler("1", h.Conversation.Model, false, "second question", DateTimeOffset.Now);
            await ReadUntilAsync(h.Conversation, Complete, ct, second);
            h.DrainNotices();
            Assert.True("You said: second question" == second.AnswerText, $"answered '{second.AnswerText}' (interrupted: {second.Interrupted}). Notices:\n{string.Join("\n", h.Notices)}");
            var lost = new TurnAssembler("1", h.Conversation.Model, false, null, DateTimeOffset.Now);
            string? signal = null;
            bool marked = false;
            await ReadUntilAsync(h.Conversation, m => { signal = m.LocalSignal; marked = m.ToolResultTurn; return Complete(m); }, ct, lost);
            Assert.True(lost.Interrupted);
            Assert.Equal(LocalSignals.TurnLost, signal);
            Assert.True(marked, "the lost turn is the tool result's");
            Assert.Equal(0, h.Conversation.TakeWaitingMessages(new List<ServerMessage>()));
        }
    }

    [Fact]
    public async Task A_user_turn_that_cuts_in_ahead_of_a_waiting_tool_result_is_answered_first_and_only_the_result_is_marked()
    {
        await Bounded.Within(Run(), Limit, "user turn ahead of a WHEN_IDLE result");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => e.TimeScale = 0.5, session: o => o.Tools.Add(Declare("lookup", nonBlocking: true)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            CancellationToken ct = timeout.Token;
            // The result is answered WHEN_IDLE while the first answer is being spoken (it waits), and the second question
            // goes out at once: it cuts the first answer and is answered before the model gets to the result.
            await h.Conversation.SendTextAsync("please lookup the weather", ct);
            await ReadUntilAsync(h.Conversation, m => m.ToolCall != null, ct, each: async m =>
            {
                if (m.ToolCall?.FunctionCalls is { } calls) Assert.True(await AnswerAsync(h.Conversation, calls[0], "sunny", FunctionResponseScheduling.WhenIdle, ct));
            });
            await h.Conversation.SendTextAsync("second question", ct);

            var turns = new List<(string Text, bool Interrupted, bool Marked)>();
            for (int i = 0; i < 3; i++)
            {
                var turn = new TurnAssembler("1", h.Conversation.Model, false, null, DateTimeOffset.Now);
                bool marked = false;
                await ReadUntilAsync(h.Conversation, Complete, ct, turn, m => { marked |= m.ToolResultTurn; return Task.CompletedTask; });
                turns.Add((turn.AnswerText, turn.Interrupted, marked));
            }
            var left = new List<ServerMessage>();
            Assert.Equal(0, h.Conversation.TakeWaitingMessages(left));
            Assert.DoesNotContain(left, Complete);
            Assert.True(turns[0].Interrupted && !turns[0].Marked, $"first: {turns[0]}");
            Assert.Equal(("You said: second question", false, false), turns[1]);
            Assert.Equal(("The lookup tool returned {\"output\":\"sunny\"}.", false, true), turns[2]);
        }
    }

    [Fact]
    public async Task A_tool_that_started_running_when_the_connection_died_is_never_run_again_for_its_turn()
    {
        await Bounded.Within(Run(), Limit, "claimed tool across a drop");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(session: o => o.Tools.Add(Declare("get_time", nonBlocking: false)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            CancellationToken ct = timeout.Token;
            int executions = 0;
            bool dropped = false;
            var turn = new TurnAssembler("1", h.Conversation.Model, false, "call get_time please", DateTimeOffset.Now);
            await h.Conversation.SendTextAsync("call get_time please", ct);
            await ReadUntilAsync(h.Conversation, Complete, ct, turn, async m =>
            {
                if (m.ToolCall?.FunctionCalls is not { } calls) return;
                PendingToolCall pending = h.Conversation.ToolCalls.Find(calls[0])!;
                if (!pending.TryClaim()) return;
                executions++;
                if (!dropped)
                {
                    // The handler is running when the connection dies: its answer can no longer go out.
                    dropped = true;
                    h.Emulator.AbortAll();
                    await WaitForReconnectAsync(h.Conversation, ct);
                }
                await h.Conversation.ToolCalls.AnswerAsync(pending, Output(calls[0], "noon"), ToolCallOutcome.Completed, ct);
            });
            h.DrainNotices();
            Assert.True(1 == executions, $"the tool ran {executions} times. Notices:\n{string.Join("\n", h.Notices)}");
            Assert.True(turn.Interrupted, "the turn whose tool ran ends as lost (interrupted)");
            Assert.Single(h.Emulator.Traffic, r => r.Direction == GeminiRealtime.Emulator.EmulatorTrafficDirection.ClientToServer && r.Text.Contains("call get_time please", StringComparison.Ordinal));
        }
    }

    private static async Task WaitForReconnectAsync(GeminiConversation conversation, CancellationToken ct)
    {
        while (true)
        {
            ConversationNotice notice = await conversation.Notices.ReadAsync(ct);
            if (notice.Message.StartsWith("Reconnected", StringComparison.Ordinal)) return;
        }
    }
}
