using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Tools;

namespace GeminiRealtime.Tests.Tools
{
    public class ToolCallTrackerTests
    {
        private readonly ConcurrentQueue<FunctionResponse> _sent = new ConcurrentQueue<FunctionResponse>();

        private ToolCallTracker Tracker(TimeSpan timeout, CancellationToken lifetime = default) =>
            new ToolCallTracker((responses, _) =>
            {
                foreach (FunctionResponse response in responses) _sent.Enqueue(response);
                return Task.CompletedTask;
            }, timeout, lifetime);

        private static ToolCall Call(params string[] ids)
        {
            var calls = new List<FunctionCall>();
            foreach (string id in ids) calls.Add(new FunctionCall { Id = id, Name = "tool-" + id });
            return new ToolCall { FunctionCalls = calls };
        }

        [Fact]
        public async Task UnclaimedCallIsAnsweredWithAnErrorAfterTheDeadline()
        {
            ToolCallTracker tracker = Tracker(TimeSpan.FromMilliseconds(100));
            ToolCall message = Call("1");
            tracker.Track(message, DateTimeOffset.Now);
            PendingToolCall pending = tracker.Find(message.FunctionCalls![0])!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (_sent.IsEmpty) await Task.Delay(10, timeout.Token);
            Assert.True(_sent.TryDequeue(out FunctionResponse? response));
            Assert.Equal("1", response!.Id);
            Assert.Contains("no PowerShell command was waiting", response.Response!.Value.GetProperty("error").GetString());
            Assert.Equal(ToolCallOutcome.NoWaiter, pending.Outcome);
            Assert.False(pending.TryClaim());
            Assert.Equal(1, tracker.ExpiredCount);
        }

        [Fact]
        public async Task AWaiterHoldsTheDeadlineUntilItDetaches()
        {
            ToolCallTracker tracker = Tracker(TimeSpan.FromMilliseconds(50));
            IDisposable waiter = tracker.AttachWaiter();
            tracker.Track(Call("1"), DateTimeOffset.Now);
            await Task.Delay(300);
            Assert.Empty(_sent);
            waiter.Dispose();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (_sent.IsEmpty) await Task.Delay(10, timeout.Token);
            Assert.Single(_sent);
        }

        [Fact]
        public async Task ClaimedCallIsAnsweredOnceAndNeverByTheDeadline()
        {
            ToolCallTracker tracker = Tracker(TimeSpan.FromMilliseconds(50));
            ToolCall message = Call("1");
            tracker.Track(message, DateTimeOffset.Now);
            PendingToolCall pending = tracker.Find(message.FunctionCalls![0])!;
            Assert.True(pending.TryClaim());
            Assert.False(pending.TryClaim());
            await Task.Delay(200);
            Assert.Empty(_sent);
            var response = GeminiSession.ErrorResponse(pending.Call, "x");
            Assert.True(await tracker.AnswerAsync(pending, response, ToolCallOutcome.Failed, CancellationToken.None));
            Assert.False(await tracker.AnswerAsync(pending, response, ToolCallOutcome.Failed, CancellationToken.None));
            tracker.AnswerWithErrorInBackground(pending, "again", ToolCallOutcome.Stopped);
            Assert.Single(_sent);
            Assert.Same(pending, tracker.Find(message.FunctionCalls[0]));
        }

        [Fact]
        public async Task CancellationFiresTheTokenAndBlocksTheAnswer()
        {
            ToolCallTracker tracker = Tracker(TimeSpan.FromSeconds(30));
            ToolCall message = Call("1", "2");
            tracker.Track(message, DateTimeOffset.Now);
            PendingToolCall first = tracker.Find(message.FunctionCalls![0])!;
            Assert.True(first.TryClaim());
            bool fired = false;
            using (first.CancellationToken.Register(() => fired = true))
            {
                tracker.Cancel(new[] { "1" });
            }
            Assert.True(fired);
            Assert.True(first.IsCancelled);
            Assert.Equal(ToolCallOutcome.Cancelled, first.Outcome);
            Assert.False(await tracker.AnswerAsync(first, GeminiSession.ErrorResponse(first.Call, "late"), ToolCallOutcome.Completed, CancellationToken.None));
            Assert.Empty(_sent);
            Assert.Single(tracker.Open);
        }

        [Fact]
        public async Task TheSessionEndingStopsTheDeadlines()
        {
            using var lifetime = new CancellationTokenSource();
            ToolCallTracker tracker = Tracker(TimeSpan.FromMilliseconds(100), lifetime.Token);
            tracker.Track(Call("1"), DateTimeOffset.Now);
            lifetime.Cancel();
            await Task.Delay(300);
            Assert.Empty(_sent);
        }
    }
}
