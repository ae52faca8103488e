using System;
using System.Threading;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.Tools
{
    /// <summary>
    /// One function call of the model that needs exactly one answer (or none, once cancelled). The receive loop creates
    /// it; a waiting command claims it and runs the handler; if nobody claims it before <see cref="Deadline"/>, the
    /// engine answers it with an error. Every state change happens under one lock, so an answer, a cancellation and the
    /// deadline can race safely: the first one wins.
    /// </summary>
    public sealed class PendingToolCall
    {
        private readonly object _gate = new object();
        private readonly CancellationTokenSource _cancelled = new CancellationTokenSource();
        private bool _claimed;
        private bool _answered;

        internal PendingToolCall(FunctionCall call, DateTimeOffset receivedAt, DateTimeOffset deadline)
        {
            Call = call;
            ReceivedAt = receivedAt;
            Deadline = deadline;
        }

        /// <summary>The call as it arrived (the same instance the inbox message holds).</summary>
        public FunctionCall Call { get; }
        public string? Id => Call.Id;
        public string Name => Call.Name ?? string.Empty;
        public string ArgumentsJson => Call.Args.HasValue ? Call.Args.Value.GetRawText() : "{}";
        public DateTimeOffset ReceivedAt { get; }
        /// <summary>When the engine answers it itself unless a command claimed it.</summary>
        public DateTimeOffset Deadline { get; }

        /// <summary>Fires when the service sends <c>toolCallCancellation</c> for this id (on the receive thread: keep callbacks short).</summary>
        public CancellationToken CancellationToken => _cancelled.Token;

        public bool IsCancelled
        {
            get { lock (_gate) return _cancelled.IsCancellationRequested; }
        }

        public bool IsAnswered
        {
            get { lock (_gate) return _answered; }
        }

        public bool IsClaimed
        {
            get { lock (_gate) return _claimed; }
        }

        /// <summary>Answered, cancelled, or (until answered) being handled by a command.</summary>
        public ToolCallOutcome Outcome { get; private set; } = ToolCallOutcome.Pending;

        /// <summary>The <c>response</c> JSON that was sent, if any.</summary>
        public string? ResponseJson { get; private set; }

        /// <summary>When the answer went out or the cancellation came in.</summary>
        public DateTimeOffset? FinishedAt { get; private set; }

        /// <summary>Takes the call for handling: false when it is already claimed, answered or cancelled.</summary>
        public bool TryClaim()
        {
            lock (_gate)
            {
                if (_claimed || _answered || _cancelled.IsCancellationRequested) return false;
                _claimed = true;
                return true;
            }
        }

        /// <summary>Reserves the one answer: false when it was already answered or cancelled.</summary>
        internal bool TryBeginAnswer(ToolCallOutcome outcome, string? responseJson)
        {
            lock (_gate)
            {
                if (_answered || _cancelled.IsCancellationRequested) return false;
                _answered = true;
                Outcome = outcome;
                ResponseJson = responseJson;
                FinishedAt = DateTimeOffset.Now;
                return true;
            }
        }

        /// <summary>Marks the call cancelled (no answer may follow) and fires <see cref="CancellationToken"/>; false when it was already answered.</summary>
        internal bool TryCancel()
        {
            lock (_gate)
            {
                if (_answered || _cancelled.IsCancellationRequested) return false;
                Outcome = ToolCallOutcome.Cancelled;
                FinishedAt = DateTimeOffset.Now;
            }
            // Outside the lock: callbacks (e.g. stopping a PowerShell pipeline) must not run under it.
            _cancelled.Cancel();
            return true;
        }

        /// <summary>Whether the engine's deadline may answer it now.</summary>
        internal bool IsUnattended
        {
            get { lock (_gate) return !_claimed && !_answered && !_cancelled.IsCancellationRequested; }
        }

        public override string ToString() => $"{Name}({ArgumentsJson}) [{Id ?? "no id"}] {Outcome}";
    }
}
