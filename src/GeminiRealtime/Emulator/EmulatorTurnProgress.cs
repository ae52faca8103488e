using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// What one model turn has put out so far, so a barge-in can report usage and keep only the sent part in history.
    /// Also tells the model loop whether the turn is generating or waiting for the client (a tool response): at
    /// <see cref="EmulatorOptions.TimeScale"/> 0 generation is instant, so input waits for the latter.
    /// </summary>
    internal sealed class EmulatorTurnProgress
    {
        private readonly StringBuilder _emittedText = new StringBuilder();
        private readonly CancellationTokenSource _drop = new CancellationTokenSource();
        private TaskCompletionSource<bool> _idleOrWaiting = NewSignal();
        private volatile bool _completed;

        public EmulatorTurnProgress(int promptTokens) => PromptTokens = promptTokens;

        /// <summary>Prompt tokens of the turn: the user text, plus function responses once they arrive.</summary>
        public int PromptTokens { get; set; }

        /// <summary>Reply text sent so far (TEXT fragments, or the transcript of the audio chunks sent).</summary>
        public string EmittedText
        {
            get
            {
                lock (_emittedText) return _emittedText.ToString();
            }
        }

        public int EmittedCharacters
        {
            get
            {
                lock (_emittedText) return _emittedText.Length;
            }
        }

        /// <summary>Playback time of the audio sent so far.</summary>
        public double EmittedMilliseconds { get; private set; }

        /// <summary>Whether the turn committed to its <c>turnComplete</c>: it can no longer be interrupted.</summary>
        public bool Completed => _completed;

        public Task IdleOrWaiting => Volatile.Read(ref _idleOrWaiting).Task;

        /// <summary>Fires when the turn is interrupted: its content still queued in the outbox is skipped.</summary>
        public CancellationToken DropToken => _drop.Token;

        /// <summary>Skips this turn's queued content (never after <see cref="MarkCompleted"/>: a complete turn is sent whole).</summary>
        public void DropUnsent()
        {
            if (!_completed) _drop.Cancel();
        }

        public void AddText(string text)
        {
            lock (_emittedText) _emittedText.Append(text);
        }

        public void AddAudio(double endMilliseconds) => EmittedMilliseconds = endMilliseconds;

        public void MarkCompleted() => _completed = true;

        /// <summary>The turn waits for the client (or has ended).</summary>
        public void WaitingForClient() => Volatile.Read(ref _idleOrWaiting).TrySetResult(true);

        /// <summary>The client answered; the turn generates again. Called by the model loop before it releases the turn.</summary>
        public void Generating()
        {
            if (Volatile.Read(ref _idleOrWaiting).Task.IsCompleted) Volatile.Write(ref _idleOrWaiting, NewSignal());
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
