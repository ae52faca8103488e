using System;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>Spoken input (from <see cref="EmulatorEars"/>): barge-in at speech start, a user turn at speech end.</summary>
    internal sealed partial class EmulatorModel
    {
        private async Task HandleSpeechAsync(EmulatorModelInput input, CancellationToken cancellationToken)
        {
            if (input.Kind == EmulatorModelInput.InputKind.SpeechStarted)
            {
                if (_interruptible) await InterruptAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            string transcript = input.Text ?? string.Empty;
            bool transcribe = input.Transcribe;
            Func<EmulatorTurnProgress, CancellationToken, Task> body = (turn, ct) => SpokenTurnAsync(transcript, transcribe, turn, ct);
            if (_activity != null && !_interruptible)
            {
                Defer(new DeferredTurn(EmulatorUsage.PromptTokens(transcript), transcript, body));
                return;
            }
            await InterruptAsync(cancellationToken).ConfigureAwait(false);
            StartTurn(EmulatorUsage.PromptTokens(transcript), transcript, body, cancellationToken);
        }

        private async Task SpokenTurnAsync(string transcript, bool transcribe, EmulatorTurnProgress turn, CancellationToken cancellationToken)
        {
            if (transcribe)
            {
                var message = new ServerMessage { ServerContent = new ServerContent { InputTranscription = new Transcription { Text = transcript, Finished = true } } };
                await SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            await UserTurnAsync(transcript, turn, cancellationToken).ConfigureAwait(false);
        }
    }
}
