using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// Two bounded lanes feeding one send loop: control messages (setup, text, tool responses, activity signals)
    /// and media (audio, video). The reader always drains control first. Both lanes apply back-pressure: a full
    /// lane makes the writer wait instead of growing without limit.
    /// </summary>
    internal sealed class SendQueue
    {
        private readonly Channel<OutgoingMessage> _control;
        private readonly Channel<OutgoingMessage> _media;

        public SendQueue(int controlCapacity = 256, int mediaCapacity = 64)
        {
            _control = Channel.CreateBounded<OutgoingMessage>(new BoundedChannelOptions(controlCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            _media = Channel.CreateBounded<OutgoingMessage>(new BoundedChannelOptions(mediaCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }

        public ValueTask EnqueueAsync(OutgoingMessage message, SendPriority priority, CancellationToken cancellationToken)
            => (priority == SendPriority.Control ? _control : _media).Writer.WriteAsync(message, cancellationToken);

        /// <summary>Waits for the next message, control first. Returns null when both lanes are completed and empty.</summary>
        public async ValueTask<OutgoingMessage?> DequeueAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (_control.Reader.TryRead(out OutgoingMessage? control)) return control;
                if (_media.Reader.TryRead(out OutgoingMessage? media)) return media;
                Task<bool> controlReady = _control.Reader.WaitToReadAsync(cancellationToken).AsTask();
                Task<bool> mediaReady = _media.Reader.WaitToReadAsync(cancellationToken).AsTask();
                Task<bool> first = await Task.WhenAny(controlReady, mediaReady).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (!await first.ConfigureAwait(false))
                {
                    // One lane is closed for good; whatever remains comes from the other one.
                    Task<bool> other = first == controlReady ? mediaReady : controlReady;
                    if (!await other.ConfigureAwait(false)) return null;
                }
            }
        }

        /// <summary>Stops accepting messages; messages still queued fail with <paramref name="error"/>.</summary>
        public void Complete(Exception error)
        {
            _control.Writer.TryComplete();
            _media.Writer.TryComplete();
            while (_control.Reader.TryRead(out OutgoingMessage? message)) message.Sent.TrySetException(error);
            while (_media.Reader.TryRead(out OutgoingMessage? message)) message.Sent.TrySetException(error);
        }
    }
}
