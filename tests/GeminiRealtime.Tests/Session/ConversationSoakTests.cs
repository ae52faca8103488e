using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Tests.Reliability;
using GeminiRealtime.Tools;
using Xunit.Abstractions;

namespace GeminiRealtime.Tests.Session;

/// <summary>
/// Many text and tool turns through an emulator that drops connections (1006), closes with 1011 and ends connection
/// lifetimes with goAway + 1011 deadline. CI runs the short version (GEMINIREALTIME_SOAK_TURNS, default 120 turns);
/// bench/Invoke-Soak.ps1 runs the long one. Every GEMINIREALTIME_SOAK_TOOL_EVERY-th turn (default 3) names a tool,
/// alternately a BLOCKING one (the answer speaks its result) and a NON_BLOCKING one (the model answers at once and
/// speaks the result in a turn of its own, marked as such, which readers pass over as TurnRunner does).
/// Asserts: every user turn answered exactly once and in order (client side, and in the history behind the final
/// handle); a tool turn may instead be reported lost, but only when its tool had started; no tool ran twice for a turn;
/// every call a handler took was answered or died with its connection; every reconnect used the newest handle.
/// </summary>
public class ConversationSoakTests
{
    private const string Blocking = "soak_lookup";
    private const string NonBlocking = "soak_note";

    private readonly ITestOutputHelper _output;

    public ConversationSoakTests(ITestOutputHelper output) => _output = output;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : fallback;

    private static int Turns => Setting("GEMINIREALTIME_SOAK_TURNS", 120);

    private static int ToolEvery => Setting("GEMINIREALTIME_SOAK_TOOL_EVERY", 3);

    private static Tool Declarations() => new()
    {
        FunctionDeclarations = new List<FunctionDeclaration>
        {
            Declaration(Blocking, null),
            Declaration(NonBlocking, FunctionBehavior.NonBlocking),
        },
    };

    private static FunctionDeclaration Declaration(string name, string? behavior) => new()
    {
        Name = name,
        Description = "Soak tool.",
        Behavior = behavior,
        Parameters = new Schema { Type = SchemaType.Object, Properties = new Dictionary<string, Schema> { ["turn"] = new Schema { Type = SchemaType.String } } },
    };

    [Fact]
    public async Task Soak_text_and_tool_turns_survive_drops_1011s_and_goAways_answered_once_in_order_no_tool_twice_with_the_newest_handle()
    {
        int turns = Turns;
        TimeSpan limit = TimeSpan.FromSeconds(Math.Max(45, turns * 0.5));
        await Bounded.Within(Run(), limit, $"soak of {turns} turns");

        async Task Run()
        {
            var clock = Stopwatch.StartNew();
            await using var h = await ConversationHarness.StartAsync(
                e =>
                {
                    e.TimeScale = 0.05;      // a turn takes ~60 ms: faults land mid-turn too
                    e.LifetimeSeconds = 0.6; // goAway at 0.3 s, deadline 1011 at 0.6 s
                    e.GoAwaySeconds = 0.3;
                    e.DropEvery = 61;
                    e.FailEvery = 97;
                    e.FailWith = 1011;
                },
                c => c.StallTimeout = TimeSpan.FromSeconds(5),
                o => o.Tools.Add(Declarations()));
            var reader = new SoakReader(h);
            var expected = new List<string>();
            var outcomes = new List<(int Turn, string? Tool, SoakReader.Reply Reply)>();
            int toolTurn = 0;
            for (int i = 1; i <= turns; i++)
            {
                string? tool = i % ToolEvery == 0 && i < turns ? (toolTurn++ % 2 == 0 ? Blocking : NonBlocking) : null;
                string text = tool == null ? $"soak turn {i}" : $"soak turn {i} {tool} t{i}";
                expected.Add(text);
                outcomes.Add((i, tool, await reader.AskAsync(text)));
            }
            // The handle after the last turn; if its connection died first, one more turn earns a new one.
            string? finalHandle = null;
            for (int extra = 1; finalHandle == null && extra <= 3; extra++)
            {
                try
                {
                    finalHandle = await h.NextHandleAsync(TimeSpan.FromSeconds(2));
                }
                catch (OperationCanceledException)
                {
                    expected.Add($"soak end {extra}");
                    SoakReader.Reply end = await reader.AskAsync($"soak end {extra}");
                    Assert.Equal($"You said: soak end {extra}", end.Text);
                }
            }
            Assert.NotNull(finalHandle);
            clock.Stop();
            h.DrainNotices();
            string Story() => string.Join("\n", h.Notices.TakeLast(30));

            // Every user turn answered exactly once, in order: each reply is its own turn's (a reply taken for another
            // turn would carry the other turn's text), and nothing is owed or left over at the end.
            int lost = 0;
            foreach (var (turn, tool, reply) in outcomes)
            {
                int runs = reader.Executions.TryGetValue($"t{turn}", out int n) ? n : 0;
                string asked = tool == null ? $"soak turn {turn}" : $"soak turn {turn} {tool} t{turn}";
                if (reply.Lost)
                {
                    // Reported, not re-sent: only a tool turn whose tool had started may end so.
                    Assert.True(tool != null, $"text turn {turn} was reported lost. Story:\n{Story()}");
                    Assert.True(runs <= 1, $"turn {turn}: its tool ran {runs} times");
                    lost++;
                    continue;
                }
                string answer = tool == Blocking ? $"The {Blocking} tool returned {{\"output\":\"t{turn}\"}}." : $"You said: {asked}";
                Assert.True(answer == reply.Text, $"turn {turn} answered '{reply.Text}' (interrupted: {reply.Interrupted}). Story:\n{Story()}\nTrace:\n{reader.Recent()}");
                Assert.False(reply.Interrupted, $"turn {turn} was interrupted");
                Assert.True(runs == (tool == null ? 0 : 1), $"turn {turn}: its tool ran {runs} times. Story:\n{Story()}");
            }
            var left = new List<ServerMessage>();
            Assert.Equal(0, h.Conversation.TakeWaitingMessages(left));
            Assert.DoesNotContain(left, m => m.ServerContent?.TurnComplete == true);
            foreach (ServerMessage message in left) message.Dispose();

            // What the model said in the turns marked as tool results (minus what was dropped unread before the next
            // turn) was part of such a result, never a user turn's answer.
            var results = outcomes.Where(o => o.Tool == NonBlocking).Select(o => $"The {NonBlocking} tool returned {{\"output\":\"t{o.Turn}\"}}.").ToList();
            foreach (string spoken in reader.ResultTurns)
            {
                Assert.True(results.Any(r => r.Contains(spoken, StringComparison.Ordinal)), $"a turn marked as a tool result said '{spoken}'. Trace:\n{reader.Recent()}");
            }

            // No tool twice; every call a handler took was answered, or its connection died first (then a BLOCKING
            // call's turn was reported lost); none is left open.
            Assert.All(reader.Executions, e => Assert.True(e.Value == 1, $"{e.Key} ran {e.Value} times"));
            foreach (var (call, turn, nonBlocking) in reader.Taken)
            {
                Assert.True(call.Outcome is ToolCallOutcome.Completed or ToolCallOutcome.Cancelled, $"{call} ended {call.Outcome}");
                if (call.Outcome == ToolCallOutcome.Cancelled && !nonBlocking) Assert.True(outcomes[turn - 1].Reply.Lost, $"turn {turn}: its call died unanswered but the turn was not reported lost");
            }
            Assert.Empty(h.Conversation.ToolCalls.Open);

            int toolCalls = reader.Taken.Count;
            _output.WriteLine($"{expected.Count} turns ({toolTurn} naming a tool, {lost} reported lost), {toolCalls} tool calls run, {reader.ResultTurns.Count} tool-result turns passed over, " +
                $"{h.Conversation.Reconnects} reconnects: {h.Emulator.InjectedDrops} drops, {h.Emulator.InjectedFailures} 1011s, {h.Emulator.GoAwaysSent} goAways; {clock.Elapsed.TotalSeconds:0.0} s.");
            foreach (string notice in h.Notices.Where(n => n.Contains("Reconnecting", StringComparison.Ordinal) || n.StartsWith("Warning", StringComparison.Ordinal)).Take(10)) _output.WriteLine(notice);

            Assert.True(h.Emulator.InjectedDrops > 0 && h.Emulator.InjectedFailures > 0 && h.Emulator.GoAwaysSent > 0, "every fault kind was injected");
            Assert.True(h.Conversation.Reconnects >= 3);
            Assert.True(toolCalls == toolTurn, $"{toolCalls} tool calls ran for {toolTurn} tool turns: each tool turn runs its tool once");

            // In what the service remembers: each answered turn once, in order; a lost tool turn at most once, in its
            // place. The history is a sliding window: with more entries than it keeps, the oldest turns fall out.
            IReadOnlyList<EmulatorHistoryEntry> history = h.Emulator.GetResumptionHistory(finalHandle!)!;
            Assert.NotNull(history);
            var position = expected.Select((text, index) => (text, index)).ToDictionary(x => x.text, x => x.index);
            int[] remembered = history.Where(e => e.Role == "user" && position.ContainsKey(e.Text)).Select(e => position[e.Text]).ToArray();
            for (int k = 1; k < remembered.Length; k++) Assert.True(remembered[k] > remembered[k - 1], $"history order broken at '{expected[remembered[k]]}'");
            int from = history.Count < EmulatorModel.MaxHistoryEntries ? 0 : remembered[0];
            var answered = new HashSet<int>(outcomes.Where(o => !o.Reply.Lost).Select(o => o.Turn - 1).Concat(Enumerable.Range(turns, expected.Count - turns)));
            foreach (int index in answered.Where(x => x >= from)) Assert.True(remembered.Contains(index), $"'{expected[index]}' is missing from the history");

            // Every reconnect with a handle used the newest one issued before its setup. A drop (no close frame) may
            // cost the client the very last frame, so after a drop the one before it is accepted too.
            var issued = h.IssuedHandles();
            var setups = h.Setups();
            var dropped = new HashSet<long>(h.Emulator.Traffic.Where(r => r.Text.StartsWith("fault injection: dropping", StringComparison.Ordinal)).Select(r => r.ConnectionId));
            for (int s = 1; s < setups.Count; s++)
            {
                var (connection, handle, time) = setups[s];
                Assert.NotNull(handle); // handles never expire in this run: no fresh session was needed
                var before = issued.Where(x => x.Time <= time).ToList();
                string newest = before[^1].Handle;
                if (handle == newest) continue;
                Assert.True(dropped.Contains(setups[s - 1].Connection) && before.Count >= 2 && before[^2].Handle == handle,
                    $"reconnect {s} (connection {connection}) used an older handle than the newest issued");
            }
        }
    }

    /// <summary>
    /// Reads a conversation the way TurnRunner does: before a turn goes out, what nobody read is dropped (its calls
    /// run) and the user turns still owed are counted (none here: turns go one at a time); then its own reply.
    /// Turns the model speaks about NON_BLOCKING results (marked) are passed over, their text kept. Tool calls run as
    /// they are read, each claimed once, counted per turn (the "turn" argument).
    /// </summary>
    private sealed class SoakReader
    {
        private readonly ConversationHarness _h;

        public SoakReader(ConversationHarness h) => _h = h;

        public Dictionary<string, int> Executions { get; } = new();
        public List<(PendingToolCall Call, int Turn, bool NonBlocking)> Taken { get; } = new();
        public List<string> ResultTurns { get; } = new();
        /// <summary>What was read, for failure messages.</summary>
        public List<string> Trace { get; } = new();

        public string Recent() => string.Join("\n", Trace.TakeLast(80));

        public sealed record Reply(string Text, bool Interrupted, bool Lost);

        public async Task<Reply> AskAsync(string text)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            CancellationToken ct = timeout.Token;
            try
            {
                // Turns go one at a time: each earlier one has had its reply, so none is owed (TurnRunner would skip them).
                int earlier = await DiscardStaleAsync(ct);
                Trace.Add($"ask '{text}', {earlier} turn(s) owed before it");
                Assert.True(earlier == 0, $"{earlier} user turn(s) still owed a reply before '{text}'. Trace:\n{Recent()}");
                await _h.Conversation.SendTextAsync(text, ct);
                return await ReadTurnAsync(ct);
            }
            catch (OperationCanceledException)
            {
                _h.DrainNotices();
                Assert.Fail($"No turnComplete for '{text}' in time. Notices:\n{string.Join("\n", _h.Notices.TakeLast(30))}");
                throw;
            }
        }

        private async Task<int> DiscardStaleAsync(CancellationToken ct)
        {
            var waiting = new List<ServerMessage>();
            int inFlight = _h.Conversation.TakeWaitingMessages(waiting);
            foreach (ServerMessage message in waiting)
            {
                Trace.Add($"  dropped unread: {Describe(message)}");
                using (message)
                {
                    if (message.ToolCall?.FunctionCalls is { } calls) await RunAsync(calls, ct);
                }
            }
            return inFlight;
        }

        private static string Describe(ServerMessage message) =>
            $"{message.Kind} '{message.ServerContent?.OutputTranscription?.Text}'{(message.ServerContent?.Interrupted == true ? " interrupted" : "")}" +
            $"{(message.ServerContent?.TurnComplete == true ? " turnComplete" : "")}{(message.ToolResultTurn ? " (tool result)" : "")}";

        private async Task<Reply> ReadTurnAsync(CancellationToken ct)
        {
            var turn = NewAssembler();
            var result = NewAssembler();
            while (true)
            {
                ServerMessage? message = await _h.Conversation.ReadMessageAsync(ct);
                if (message == null) throw new InvalidOperationException("The conversation ended before the turn completed.");
                bool lost;
                TurnAssembler into = message.ToolResultTurn ? result : turn;
                using (message)
                {
                    into.Add(message);
                    Trace.Add("  " + Describe(message));
                    if (message.ToolCall?.FunctionCalls is { } calls) await RunAsync(calls, ct);
                    lost = message.LocalSignal == LocalSignals.TurnLost;
                }
                _h.DrainNotices();
                if (result.IsComplete)
                {
                    ResultTurns.Add(result.AnswerText);
                    result = NewAssembler();
                }
                if (turn.IsComplete) return new Reply(turn.AnswerText, turn.Interrupted, lost);
            }
        }

        private TurnAssembler NewAssembler() =>
            new(_h.Conversation.Id.ToString(CultureInfo.InvariantCulture), _h.Conversation.Model, _h.Conversation.TextPartsAreAnswer, null, DateTimeOffset.Now);

        private async Task RunAsync(List<FunctionCall> calls, CancellationToken ct)
        {
            foreach (FunctionCall call in calls)
            {
                PendingToolCall? pending = _h.Conversation.ToolCalls.Find(call);
                if (pending == null || !pending.TryClaim()) continue; // cancelled with its connection before it ran
                string turn = call.Args is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty("turn", out JsonElement t) ? t.GetString() ?? "?" : "?";
                Executions[turn] = Executions.TryGetValue(turn, out int n) ? n + 1 : 1;
                bool nonBlocking = call.Name == NonBlocking;
                Taken.Add((pending, int.Parse(turn.AsSpan(1), CultureInfo.InvariantCulture), nonBlocking));
                FunctionResponse response = ToolTurnsInFlightTests.Output(call, turn, nonBlocking ? FunctionResponseScheduling.WhenIdle : null);
                await _h.Conversation.ToolCalls.AnswerAsync(pending, response, ToolCallOutcome.Completed, ct);
            }
        }
    }
}
