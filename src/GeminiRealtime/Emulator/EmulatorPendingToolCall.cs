using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// One <c>toolCall</c> message's function calls, waiting for their <c>functionResponses</c>. BLOCKING when any of
    /// its functions is not declared <c>NON_BLOCKING</c>: then the turn waits until every id is answered.
    /// </summary>
    internal sealed class EmulatorPendingToolCall
    {
        private readonly List<string> _ids = new List<string>();
        private readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonElement?> _answers = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        private readonly TaskCompletionSource<IReadOnlyList<Answer>> _complete =
            new TaskCompletionSource<IReadOnlyList<Answer>>(TaskCreationOptions.RunContinuationsAsynchronously);

        public EmulatorPendingToolCall(bool blocking, EmulatorTurnProgress turn)
        {
            Blocking = blocking;
            Turn = turn;
        }

        public bool Blocking { get; }

        /// <summary>The turn that made the call.</summary>
        public EmulatorTurnProgress Turn { get; }

        /// <summary>Whether the <c>toolCall</c> message was queued for the client (only then is a cancellation sent).</summary>
        public bool Sent { get; set; }

        public IReadOnlyList<string> Ids => _ids;

        public void Add(string id, string name)
        {
            _ids.Add(id);
            _names[id] = name;
        }

        public string NameOf(string id) => _names.TryGetValue(id, out string? name) ? name : string.Empty;

        /// <summary>Records an answer; returns true when this completed a BLOCKING call (every id answered).</summary>
        public bool Record(string id, JsonElement? response)
        {
            _answers[id] = response;
            if (!Blocking || _answers.Count < _ids.Count) return false;
            var answers = new List<Answer>(_ids.Count);
            foreach (string callId in _ids) answers.Add(new Answer(_names[callId], _answers[callId]));
            Turn.Generating();
            _complete.TrySetResult(answers);
            return true;
        }

        /// <summary>The answers in call order, once every id has one.</summary>
        public async Task<IReadOnlyList<Answer>> WaitAsync(CancellationToken cancellationToken)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
            {
                if (await Task.WhenAny(_complete.Task, cancelled.Task).ConfigureAwait(false) != _complete.Task)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
            return await _complete.Task.ConfigureAwait(false);
        }

        public sealed class Answer
        {
            public Answer(string name, JsonElement? response)
            {
                Name = name;
                Response = response;
            }

            public string Name { get; }

            public JsonElement? Response { get; }
        }
    }
}
