using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GeminiRealtime.Session;

namespace GeminiRealtime.Supervision
{
    /// <summary>
    /// Reviews a conversation with a <see cref="ModelSupervisor"/> in the background after its turns, one review at a
    /// time (turns that complete during a review ask for one more, not one each), and pushes the guidance it gets into
    /// the live session. Failures are told as conversation notices; after three in a row it stops reviewing.
    /// </summary>
    internal sealed class SupervisorReviewLoop : IAsyncDisposable
    {
        public const int MaxConsecutiveFailures = 3;

        private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ModelSupervisor _supervisor;
        private readonly GeminiConversation _conversation;
        private readonly Task _loop;

        public SupervisorReviewLoop(ModelSupervisor supervisor, GeminiConversation conversation)
        {
            _supervisor = supervisor;
            _conversation = conversation;
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }

        /// <summary>Reviews completed so far (with or without guidance).</summary>
        public int Reviews { get; private set; }

        /// <summary>Asks for a review (after a turn completed). Never blocks.</summary>
        public void Request() => _requests.Writer.TryWrite(true);

        private async Task RunAsync(CancellationToken stopping)
        {
            int failures = 0;
            try
            {
                while (await _requests.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
                {
                    _requests.Reader.TryRead(out _);
                    try
                    {
                        string? guidance = await _supervisor.ReviewAsync(_conversation.Transcript, stopping).ConfigureAwait(false);
                        Reviews++;
                        failures = 0;
                        if (guidance == null)
                        {
                            _conversation.Notify(ConversationNoticeLevel.Verbose, $"The supervisor ({_supervisor.Model}) reviewed the conversation: no guidance.");
                            continue;
                        }
                        await _conversation.SendGuidanceAsync(guidance, "model " + _supervisor.Model, stopping).ConfigureAwait(false);
                    }
                    catch (GenerateContentException ex)
                    {
                        failures++;
                        _conversation.Notify(ConversationNoticeLevel.Warning, $"The supervisor ({_supervisor.Model}) could not review the conversation: {ex.Message}"
                            + (failures >= MaxConsecutiveFailures ? $" It failed {failures} times in a row and stops reviewing; ask_supervisor still asks it." : string.Empty));
                        if (failures >= MaxConsecutiveFailures) return;
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The conversation is closing.
            }
            catch (Exception ex) when (ex is ObjectDisposedException || ex is GeminiSessionException || ex is GeminiConnectionException || ex is InvalidOperationException)
            {
                // The conversation ended under a review: nothing left to guide.
                _conversation.Notify(ConversationNoticeLevel.Verbose, $"Supervisor reviews ended: {ex.Message}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _requests.Writer.TryComplete();
            _stop.Cancel();
            await _loop.ConfigureAwait(false);
            _stop.Dispose();
        }
    }
}
