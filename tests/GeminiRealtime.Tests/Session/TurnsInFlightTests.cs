using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Tests.Reliability;

namespace GeminiRealtime.Tests.Session;

/// <summary>
/// <see cref="IGeminiSession.TakeWaitingMessages"/>: what TurnRunner uses to skip the replies of earlier turns
/// (Send-GeminiText -NoWait, a timed-out or stopped Send-GeminiText) before it assembles its own.
/// </summary>
public class TurnsInFlightTests
{
    [Fact]
    public async Task Every_turn_sent_is_either_in_flight_or_its_turnComplete_was_taken_never_both_never_neither()
    {
        await Bounded.Within(Run(), TimeSpan.FromSeconds(30), "turns in flight");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => e.TimeScale = 0.05);
            // Three turns back to back: the later ones interrupt the earlier ones; each still ends with turnComplete.
            const int sent = 3;
            for (int i = 1; i <= sent; i++) await h.Conversation.SendTextAsync($"question {i}");
            int completes = 0;
            int checks = 0;
            while (true)
            {
                var taken = new List<ServerMessage>();
                int inFlight = h.Conversation.TakeWaitingMessages(taken);
                completes += taken.Count(m => m.ServerContent?.TurnComplete == true);
                foreach (ServerMessage message in taken) message.Dispose();
                Assert.Equal(sent, inFlight + completes);
                checks++;
                if (inFlight == 0) break;
                await Task.Delay(1);
            }
            Assert.Equal(sent, completes);
            Assert.True(checks > 1, "the turns were still in flight right after they were sent");

            // The next turn's reply is its own: it is the only turn in flight.
            var rest = new List<ServerMessage>();
            Assert.Equal(0, h.Conversation.TakeWaitingMessages(rest));
            var (text, interrupted) = await h.AskAsync("question 4");
            Assert.Equal("You said: question 4", text);
            Assert.False(interrupted);
        }
    }

    [Fact]
    public async Task A_single_connection_counts_its_turns_in_flight_too()
    {
        await Bounded.Within(Run(), TimeSpan.FromSeconds(30), "turns in flight on one connection");

        static async Task Run()
        {
            await using var h = await ConversationHarness.StartAsync(e => e.TimeScale = 0.05);
            GeminiSession session = await GeminiSession.ConnectAsync(ConversationHarness.SessionOptions(h.Emulator.Endpoint));
            await using var _ = session;
            await session.SendTextAsync("one");
            var taken = new List<ServerMessage>();
            int completes = 0;
            while (true)
            {
                int inFlight = session.TakeWaitingMessages(taken);
                completes = taken.Count(m => m.ServerContent?.TurnComplete == true);
                Assert.Equal(1, inFlight + completes);
                if (inFlight == 0) break;
                await Task.Delay(1);
            }
            foreach (ServerMessage message in taken) message.Dispose();
        }
    }
}
