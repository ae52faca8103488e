using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// A TCP listener that reads each connection's HTTP request head in the background (so one slow client does not
    /// hold up the others) and hands out parsed requests. Malformed heads get 400/505, oversized ones (over 16 KiB)
    /// 431, silent ones are dropped after a timeout; none of these reach <see cref="AcceptAsync"/>.
    /// </summary>
    internal sealed class WebSocketListener : IAsyncDisposable
    {
        /// <summary>The largest request head accepted, terminator included.</summary>
        public const int MaxRequestHeadBytes = 16 * 1024;

        /// <summary>How long a new connection may take to send its request head.</summary>
        public static readonly TimeSpan DefaultHeadTimeout = TimeSpan.FromSeconds(10);

        private readonly TcpListener _listener;
        private readonly TimeSpan _headTimeout;
        private readonly CancellationTokenSource _disposing = new CancellationTokenSource();
        private readonly Channel<UpgradeRequest> _requests =
            Channel.CreateUnbounded<UpgradeRequest>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

        private readonly TaskCompletionSource<bool> _headReadersDone =
            new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private Task _acceptLoop = Task.CompletedTask;
        private int _headReadersRunning;
        private int _disposed;
        private int _droppedConnections;

        private WebSocketListener(TcpListener listener, TimeSpan headTimeout)
        {
            _listener = listener;
            _headTimeout = headTimeout;
            LocalEndPoint = (IPEndPoint)listener.LocalEndpoint;
        }

        /// <summary>The bound port (the one picked when started with port 0).</summary>
        public int Port => LocalEndPoint.Port;

        /// <summary>The bound address and port.</summary>
        public IPEndPoint LocalEndPoint { get; }

        /// <summary>Connections closed before a request reached <see cref="AcceptAsync"/> (bad head, timeout, reset).</summary>
        internal int DroppedConnections => Volatile.Read(ref _droppedConnections);

        /// <summary>Binds and starts listening; port 0 picks a free port.</summary>
        public static WebSocketListener Start(IPAddress address, int port)
        {
            return Start(address, port, DefaultHeadTimeout);
        }

        /// <summary>Binds and starts listening with a custom request-head timeout.</summary>
        internal static WebSocketListener Start(IPAddress address, int port, TimeSpan headTimeout)
        {
            if (address is null)
            {
                throw new ArgumentNullException(nameof(address));
            }

            if (port < IPEndPoint.MinPort || port > IPEndPoint.MaxPort)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "The port must be between 0 and 65535.");
            }

            if (headTimeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(headTimeout), headTimeout, "The head timeout must be positive.");
            }

            var tcp = new TcpListener(address, port);
            tcp.Start();
            var listener = new WebSocketListener(tcp, headTimeout);
            listener._acceptLoop = Task.Run(listener.AcceptLoopAsync);
            return listener;
        }

        /// <summary>
        /// The next connection with its parsed request. The caller owns it: answer it or dispose it. Throws
        /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires and
        /// <see cref="ObjectDisposedException"/> once the listener is disposed.
        /// </summary>
        public async Task<UpgradeRequest> AcceptAsync(CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            while (await _requests.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_requests.Reader.TryRead(out UpgradeRequest? request))
                {
                    if (Volatile.Read(ref _disposed) != 0)
                    {
                        request.Dispose();
                        ThrowIfDisposed();
                    }

                    return request;
                }
            }

            throw new ObjectDisposedException(nameof(WebSocketListener));
        }

        /// <summary>Stops listening, closes connections not handed out yet and fails pending <see cref="AcceptAsync"/> calls.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _disposing.Cancel();
            _listener.Stop();
            await _acceptLoop.ConfigureAwait(false);

            // No head reader starts after the loop ended; the last one to finish (or this check) signals.
            if (Volatile.Read(ref _headReadersRunning) == 0)
            {
                _headReadersDone.TrySetResult(true);
            }

            await _headReadersDone.Task.ConfigureAwait(false);
            _requests.Writer.TryComplete();
            while (_requests.Reader.TryRead(out UpgradeRequest? request))
            {
                request.Dispose();
            }

            _disposing.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (_disposing.IsCancellationRequested
                    && (ex is ObjectDisposedException || ex is SocketException || ex is InvalidOperationException))
                {
                    // Stop() ended the pending accept: the listener is being disposed.
                    return;
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset
                    || ex.SocketErrorCode == SocketError.ConnectionAborted)
                {
                    // A client that gave up while queued; keep accepting the others.
                    Interlocked.Increment(ref _droppedConnections);
                    continue;
                }
                catch (Exception ex)
                {
                    // The listening socket itself failed: surface it through AcceptAsync.
                    _requests.Writer.TryComplete(ex);
                    return;
                }

                if (_disposing.IsCancellationRequested)
                {
                    client.Dispose();
                    return;
                }

                Interlocked.Increment(ref _headReadersRunning);
                _ = ReadRequestAsync(client);
            }
        }

        /// <summary>Reads and parses one request head; never throws (failures close the connection).</summary>
        private async Task ReadRequestAsync(TcpClient client)
        {
            try
            {
                client.NoDelay = true;
                var remote = (IPEndPoint)client.Client.RemoteEndPoint;
                NetworkStream stream = client.GetStream();
                var reader = new BufferedConnectionReader(stream, MaxRequestHeadBytes);
                HttpRequestHead? head = null;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token))
                {
                    timeout.CancelAfter(_headTimeout);
                    using (timeout.Token.Register(static state => ((TcpClient)state).Dispose(), client))
                    {
                        int headLength = await reader.ReadHeadAsync(MaxRequestHeadBytes, timeout.Token).ConfigureAwait(false);
                        int errorStatus = 0;
                        string errorReason = string.Empty;
                        if (headLength == BufferedConnectionReader.HeadTooLarge)
                        {
                            errorStatus = 431;
                            errorReason = "Request Header Fields Too Large";
                        }
                        else if (headLength > 0)
                        {
                            var bytes = new ArraySegment<byte>(reader.PeekBuffered().Array!, reader.PeekBuffered().Offset, headLength);
                            if (HttpRequestHead.TryParse(bytes, out head, out errorStatus, out errorReason))
                            {
                                reader.Consume(headLength);
                            }
                        }

                        if (head is null)
                        {
                            Interlocked.Increment(ref _droppedConnections);
                            if (errorStatus != 0)
                            {
                                byte[] response = HttpResponses.Build(errorStatus, errorReason, null, string.Empty);
                                await stream.WriteAsync(response, 0, response.Length, timeout.Token).ConfigureAwait(false);
                                await HttpResponses.LingerAsync(client, reader, timeout.Token).ConfigureAwait(false);
                            }

                            client.Dispose();
                            return;
                        }
                    }
                }

                var request = new UpgradeRequest(head, client, stream, reader, remote);
                if (!_requests.Writer.TryWrite(request))
                {
                    request.Dispose();
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
                // Reset, silence past the timeout, or disposal: this connection never became a request.
                Interlocked.Increment(ref _droppedConnections);
                client.Dispose();
            }
            catch (Exception ex)
            {
                // A bug, not a network event: fail AcceptAsync loudly rather than lose it.
                client.Dispose();
                _requests.Writer.TryComplete(ex);
            }
            finally
            {
                if (Interlocked.Decrement(ref _headReadersRunning) == 0 && Volatile.Read(ref _disposed) != 0)
                {
                    _headReadersDone.TrySetResult(true);
                }
            }
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(WebSocketListener));
            }
        }
    }
}
