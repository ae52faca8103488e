using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.Tools
{
    /// <summary>
    /// Makes sure every function call of a session is answered exactly once, or not at all once cancelled
    /// (protocol.md §4.4, §11.9). The receive loop registers each call of a <c>toolCall</c> and applies each
    /// <c>toolCallCancellation</c> here, on its own thread, so a cancellation reaches a running handler even while the
    /// command that runs it is busy. A command that drains the session attaches as a waiter and claims calls as it reads
    /// them. A call nobody claims gets an engine-made <c>{"error": "…no PowerShell command was waiting…"}</c> once
    /// <see cref="UnattendedTimeout"/> has passed with no waiter attached (while a waiter is attached it is re-checked
    /// every second, because the waiter is about to read it).
    /// </summary>
    public sealed class ToolCallTracker
    {
        /// <summary>The text the engine answers an unattended call with (the model reads it).</summary>
        public const string NoWaiterError =
            "The tool '{0}' did not run: no PowerShell command was waiting on the session within {1} s (the user's shell was idle at the prompt). Tell the user; they can run Wait-GeminiTurn or Send-GeminiText so tools run.";

        private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

        private readonly Func<List<FunctionResponse>, CancellationToken, Task> _send;
        private readonly CancellationToken _lifetime;
        private readonly object _gate = new object();
        private readonly List<PendingToolCall> _open = new List<PendingToolCall>();
        // Finished calls, so a command that reads a toolCall late still learns what happened to it.
        private readonly Queue<PendingToolCall> _recent = new Queue<PendingToolCall>();
        private const int RecentCapacity = 256;
        private int _waiters;
        private int _expired;
        private Exception? _lastAnswerError;

        internal ToolCallTracker(Func<List<FunctionResponse>, CancellationToken, Task> send, TimeSpan unattendedTimeout, CancellationToken lifetime)
        {
            if (unattendedTimeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(unattendedTimeout), "The unattended tool-call timeout cannot be negative.");
            _send = send;
            UnattendedTimeout = unattendedTimeout;
            _lifetime = lifetime;
        }

        /// <summary>How long an unclaimed call waits for a command before the engine answers it with an error.</summary>
        public TimeSpan UnattendedTimeout { get; }

        /// <summary>Commands currently draining the session (they run tool handlers).</summary>
        public int WaiterCount => Volatile.Read(ref _waiters);

        /// <summary>Calls the engine answered because no command was waiting.</summary>
        public int ExpiredCount => Volatile.Read(ref _expired);

        /// <summary>The last failure to send an engine-made answer (the session had ended), kept for diagnostics.</summary>
        public Exception? LastAnswerError => Volatile.Read(ref _lastAnswerError);

        /// <summary>Calls not yet answered or cancelled, oldest first.</summary>
        public IReadOnlyList<PendingToolCall> Open
        {
            get
            {
                lock (_gate) return _open.ToArray();
            }
        }

        /// <summary>Marks a command as draining the session until the result is disposed.</summary>
        public IDisposable AttachWaiter()
        {
            Interlocked.Increment(ref _waiters);
            return new Waiter(this);
        }

        /// <summary>The tracked call for a <see cref="FunctionCall"/> read from the inbox (same instance, else same id and name).</summary>
        public PendingToolCall? Find(FunctionCall call)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            lock (_gate)
            {
                foreach (PendingToolCall pending in _open)
                {
                    if (ReferenceEquals(pending.Call, call)) return pending;
                }
                foreach (PendingToolCall pending in _recent)
                {
                    if (ReferenceEquals(pending.Call, call)) return pending;
                }
                if (call.Id == null) return null;
                foreach (PendingToolCall pending in _open)
                {
                    if (pending.Id == call.Id && pending.Name == (call.Name ?? string.Empty)) return pending;
                }
                foreach (PendingToolCall pending in _recent)
                {
                    if (pending.Id == call.Id && pending.Name == (call.Name ?? string.Empty)) return pending;
                }
                return null;
            }
        }

        /// <summary>
        /// Sends the one answer for <paramref name="call"/>. Returns false (and sends nothing) when it was already answered
        /// or has been cancelled.
        /// </summary>
        public async Task<bool> AnswerAsync(PendingToolCall call, FunctionResponse response, ToolCallOutcome outcome, CancellationToken cancellationToken)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            if (response == null) throw new ArgumentNullException(nameof(response));
            if (!call.TryBeginAnswer(outcome, response.Response?.GetRawText())) return false;
            try
            {
                await _send(new List<FunctionResponse> { response }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Forget(call);
            }
            return true;
        }

        /// <summary>
        /// Answers with <c>{"error": message}</c> without waiting (for paths that cannot wait: Ctrl+C, the deadline). A send
        /// failure (the session ended) is kept in <see cref="LastAnswerError"/>.
        /// </summary>
        public void AnswerWithErrorInBackground(PendingToolCall call, string error, ToolCallOutcome outcome)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            FunctionResponse response = GeminiSession.ErrorResponse(call.Call, error);
            if (!call.TryBeginAnswer(outcome, response.Response?.GetRawText())) return;
            Task send;
            try
            {
                send = _send(new List<FunctionResponse> { response }, _lifetime);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is GeminiSessionException || ex is ObjectDisposedException)
            {
                Volatile.Write(ref _lastAnswerError, ex);
                Forget(call);
                return;
            }
            _ = send.ContinueWith(
                (t, state) =>
                {
                    var self = (ToolCallTracker)state!;
                    if (t.Exception != null) Volatile.Write(ref self._lastAnswerError, t.Exception.GetBaseException());
                },
                this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            Forget(call);
        }

        /// <summary>Receive thread: registers the calls of a <c>toolCall</c> and starts their deadlines.</summary>
        internal void Track(ToolCall toolCall, DateTimeOffset receivedAt)
        {
            if (toolCall.FunctionCalls == null) return;
            var added = new List<PendingToolCall>(toolCall.FunctionCalls.Count);
            lock (_gate)
            {
                foreach (FunctionCall call in toolCall.FunctionCalls)
                {
                    var pending = new PendingToolCall(call, receivedAt, receivedAt + UnattendedTimeout);
                    _open.Add(pending);
                    added.Add(pending);
                }
            }
            foreach (PendingToolCall pending in added) _ = ExpireAsync(pending);
        }

        /// <summary>Receive thread: applies a <c>toolCallCancellation</c> (fires each call's token: a running handler is stopped).</summary>
        internal void Cancel(IEnumerable<string> ids)
        {
            var hits = new List<PendingToolCall>();
            lock (_gate)
            {
                foreach (string id in ids)
                {
                    foreach (PendingToolCall pending in _open)
                    {
                        if (pending.Id == id) hits.Add(pending);
                    }
                }
            }
            foreach (PendingToolCall pending in hits)
            {
                pending.TryCancel();
                Forget(pending);
            }
        }

        private void Forget(PendingToolCall call)
        {
            lock (_gate)
            {
                if (!_open.Remove(call)) return;
                _recent.Enqueue(call);
                while (_recent.Count > RecentCapacity) _recent.Dequeue();
            }
        }

        private async Task ExpireAsync(PendingToolCall call)
        {
            TimeSpan wait = call.Deadline - DateTimeOffset.Now;
            while (true)
            {
                try
                {
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, _lifetime).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // The session ended: nothing can be answered any more.
                }
                if (!call.IsUnattended) return;
                if (WaiterCount > 0)
                {
                    wait = RecheckInterval < UnattendedTimeout ? RecheckInterval : UnattendedTimeout;
                    if (wait < TimeSpan.FromMilliseconds(100)) wait = TimeSpan.FromMilliseconds(100);
                    continue;
                }
                Interlocked.Increment(ref _expired);
                AnswerWithErrorInBackground(call,
                    string.Format(CultureInfo.InvariantCulture, NoWaiterError, call.Name, UnattendedTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
                    ToolCallOutcome.NoWaiter);
                return;
            }
        }

        private sealed class Waiter : IDisposable
        {
            private ToolCallTracker? _owner;

            public Waiter(ToolCallTracker owner) => _owner = owner;

            public void Dispose()
            {
                ToolCallTracker? owner = Interlocked.Exchange(ref _owner, null);
                if (owner != null) Interlocked.Decrement(ref owner._waiters);
            }
        }
    }
}
