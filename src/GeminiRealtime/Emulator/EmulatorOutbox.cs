using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GeminiRealtime.Emulator.Transport;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The single writer of a session: a bounded queue drained by one send loop, so messages never interleave and
    /// leave in the order they were queued. Every message goes out as one <b>binary</b> frame holding
    /// <see cref="ProtocolJson.SerializeServerMessagePretty"/> (the service's framing). A message queued with a drop
    /// token that has fired by the time its turn comes is skipped (barge-in drops queued audio at once).
    /// <see cref="Close"/> lets the queued messages out, then sends the close frame.
    /// </summary>
    internal sealed class EmulatorOutbox
    {
        public const int Capacity = 32;

        private readonly Channel<Item> _items = Channel.CreateBounded<Item>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });

        private readonly ServerWebSocket _socket;
        private readonly IEmulatorSessionLog _log;
        private CloseCommand? _close;

        public EmulatorOutbox(ServerWebSocket socket, IEmulatorSessionLog log)
        {
            _socket = socket;
            _log = log;
        }

        /// <summary>
        /// Queues a message, waiting while the queue is full. Returns false (message dropped) once the session is
        /// closing or the connection is gone.
        /// </summary>
        public async ValueTask<bool> SendAsync(ServerMessage message, CancellationToken cancellationToken, CancellationToken dropToken = default)
        {
            byte[] frame = ProtocolJson.SerializeServerMessagePretty(message);
            try
            {
                await _items.Writer.WriteAsync(new Item(frame, dropToken), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ChannelClosedException)
            {
                // The session is closing or its socket failed (already logged by RunAsync): nobody can receive it.
                return false;
            }
        }

        /// <summary>
        /// Stops taking messages; the send loop sends what is queued, then a close frame with <paramref name="code"/>
        /// (none when null: the client already closed or the connection is gone). The first call wins.
        /// </summary>
        public void Close(int? code, string reason)
        {
            Interlocked.CompareExchange(ref _close, new CloseCommand(code, reason), null);
            _items.Writer.TryComplete();
        }

        /// <summary>The send loop. Ends after the close frame, or when the connection fails (logged).</summary>
        public async Task RunAsync()
        {
            try
            {
                while (await _items.Reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (_items.Reader.TryRead(out Item item))
                    {
                        if (item.Drop.IsCancellationRequested) continue;
                        await _socket.SendAsync(item.Frame, binary: true, CancellationToken.None).ConfigureAwait(false);
                        _log.Sent(item.Frame);
                    }
                }

                CloseCommand? close = Volatile.Read(ref _close);
                if (close?.Code is int code && _socket.IsOpen)
                {
                    _log.Closing(code, close.Reason);
                    await _socket.CloseAsync(code, close.Reason, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                // The client vanished mid-send, or the session aborted the socket: nothing more can be sent.
                _log.Error("send", ex);
                Close(null, string.Empty);
                while (_items.Reader.TryRead(out _))
                {
                }
            }
        }

        private static bool IsConnectionFailure(Exception ex) =>
            ex is WebSocketPeerGoneException || ex is ObjectDisposedException || ex is InvalidOperationException
            || ex is IOException || ex is SocketException || ex is OperationCanceledException;

        private readonly struct Item
        {
            public Item(byte[] frame, CancellationToken drop)
            {
                Frame = frame;
                Drop = drop;
            }

            public byte[] Frame { get; }

            public CancellationToken Drop { get; }
        }

        private sealed class CloseCommand
        {
            public CloseCommand(int? code, string reason)
            {
                Code = code;
                Reason = reason;
            }

            public int? Code { get; }

            public string Reason { get; }
        }
    }
}
