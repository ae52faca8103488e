using System;
using System.Buffers;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// The server side of an accepted RFC 6455 connection. Sends are serialized; receives are serialized too (one
    /// logical receive loop). Cancelling a receive or a send that has started writing aborts the connection, as a
    /// half-read or half-written frame cannot be resumed.
    /// </summary>
    internal sealed class ServerWebSocket : IAsyncDisposable
    {
        /// <summary>How long <see cref="CloseAsync"/> waits for the peer's close reply before closing TCP.</summary>
        public static readonly TimeSpan DefaultCloseTimeout = TimeSpan.FromSeconds(2);

        private const int SendChunkSize = 64 * 1024;

        private readonly TcpClient _client;
        private readonly Stream _stream;
        private readonly BufferedConnectionReader _reader;
        private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
        private readonly SemaphoreSlim _receiveLock = new SemaphoreSlim(1, 1);
        private readonly TaskCompletionSource<bool> _transportClosedSignal =
            new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Receive side, guarded by _receiveLock.
        private readonly byte[] _headerBuffer = new byte[WebSocketFrameCodec.MaxHeaderLength];
        private readonly byte[] _controlBuffer = new byte[WebSocketFrameCodec.MaxControlPayloadLength];
        private bool _closeDelivered;
        private long _pendingSkip;
        private bool _streamDesynchronized;

        private volatile bool _closeSent;
        private volatile bool _closeReceived;
        private volatile bool _peerGone;
        private int? _receivedCloseCode;
        private string? _receivedCloseReason;
        private int _transportClosed;

        internal ServerWebSocket(TcpClient client, Stream stream, BufferedConnectionReader reader)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        }

        /// <summary>Neither side has sent a close frame and the TCP connection is up.</summary>
        public bool IsOpen => !_closeSent && !_closeReceived && !IsTransportClosed;

        /// <summary>The code of the peer's close frame; null before one arrived or when it carried no code (1005).</summary>
        public int? ReceivedCloseCode => _closeReceived ? _receivedCloseCode : null;

        /// <summary>The reason of the peer's close frame (null before one arrived or without a code).</summary>
        public string? ReceivedCloseReason => _closeReceived ? _receivedCloseReason : null;

        /// <summary>Bound on the wait for the peer's close reply in <see cref="CloseAsync"/> and <see cref="DisposeAsync"/>.</summary>
        internal TimeSpan CloseTimeout { get; set; } = DefaultCloseTimeout;

        /// <summary>Why the last wait for the peer's close reply ended without one (timeout, reset), for diagnostics.</summary>
        internal Exception? CloseWaitError { get; private set; }

        private bool IsTransportClosed => Volatile.Read(ref _transportClosed) != 0;

        /// <summary>
        /// Receives the next whole message. Pings are answered and pongs ignored on the way. Throws
        /// <see cref="WebSocketProtocolException"/> (after sending close 1002 or 1009) for a protocol violation or a
        /// message over <paramref name="maxMessageBytes"/>, <see cref="WebSocketPeerGoneException"/> when TCP ended without
        /// a close frame, <see cref="ObjectDisposedException"/> after <see cref="Abort"/>/<see cref="DisposeAsync"/>, and
        /// <see cref="InvalidOperationException"/> once the close message has been returned.
        /// </summary>
        public async Task<WebSocketMessage> ReceiveAsync(int maxMessageBytes, CancellationToken cancellationToken)
        {
            if (maxMessageBytes < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxMessageBytes), maxMessageBytes, "The message limit must be positive.");
            }

            await _receiveLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_closeReceived)
                {
                    if (_closeDelivered)
                    {
                        throw new InvalidOperationException("The peer's close frame has already been received.");
                    }

                    // Read by CloseAsync while it waited for the reply: hand it out once.
                    _closeDelivered = true;
                    return WebSocketMessage.ForClose(_receivedCloseCode, _receivedCloseReason);
                }

                ThrowIfTransportClosed();
                if (_streamDesynchronized)
                {
                    throw new InvalidOperationException("After a framing error the stream cannot be read; finish with CloseAsync or DisposeAsync.");
                }

                cancellationToken.ThrowIfCancellationRequested();
                using (RegisterAbort(cancellationToken))
                {
                    try
                    {
                        // After a rejected frame (close 1002/1009 already sent) skip its payload: the peer's close may follow.
                        if (_pendingSkip > 0)
                        {
                            if (!await _reader.SkipAsync(_pendingSkip, cancellationToken).ConfigureAwait(false))
                            {
                                throw EndOfStream();
                            }

                            _pendingSkip = 0;
                        }

                        return await ReceiveMessageAsync(maxMessageBytes, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsTransportFailure(ex))
                    {
                        throw TranslateTransportFailure(ex, cancellationToken);
                    }
                }
            }
            finally
            {
                _receiveLock.Release();
            }
        }

        /// <summary>Sends one frame (FIN set, unmasked).</summary>
        public Task SendAsync(ReadOnlyMemory<byte> payload, bool binary, CancellationToken cancellationToken)
        {
            return SendDataAsync(payload, binary, Math.Max(1, payload.Length), cancellationToken);
        }

        /// <summary>Sends one message as frames of at most <paramref name="fragmentSize"/> bytes (first opcode, then continuations).</summary>
        public Task SendFragmentedAsync(ReadOnlyMemory<byte> payload, bool binary, int fragmentSize, CancellationToken cancellationToken)
        {
            if (fragmentSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(fragmentSize), fragmentSize, "Fragments must hold at least one byte.");
            }

            return SendDataAsync(payload, binary, fragmentSize, cancellationToken);
        }

        /// <summary>Sends a ping (payload at most 125 bytes). The peer's pong is ignored by <see cref="ReceiveAsync"/>.</summary>
        public async Task SendPingAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            if (payload.Length > WebSocketFrameCodec.MaxControlPayloadLength)
            {
                throw new ArgumentException("A ping carries at most 125 bytes.", nameof(payload));
            }

            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ThrowIfCannotSend();
                cancellationToken.ThrowIfCancellationRequested();
                using (RegisterAbort(cancellationToken))
                {
                    try
                    {
                        await WriteFrameAsync(WebSocketOpcode.Ping, true, payload, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsTransportFailure(ex))
                    {
                        throw TranslateTransportFailure(ex, cancellationToken);
                    }
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }

        /// <summary>
        /// Sends a close frame (reason cut to 123 UTF-8 bytes on a character boundary) unless one was sent already, waits
        /// at most <see cref="CloseTimeout"/> for the peer's close reply, then closes TCP. A no-op once TCP is closed.
        /// </summary>
        public async Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
        {
            if (!WebSocketCloseCodes.IsValidOnWire(code))
            {
                throw new ArgumentOutOfRangeException(nameof(code), code, "This close code cannot be sent on the wire.");
            }

            string text = CloseReason.Truncate(reason ?? string.Empty);
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_closeSent && !IsTransportClosed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _closeSent = true;
                    using (RegisterAbort(cancellationToken))
                    {
                        try
                        {
                            await WriteCloseFrameAsync(code, text, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (IsTransportFailure(ex))
                        {
                            throw TranslateTransportFailure(ex, cancellationToken);
                        }
                    }
                }
            }
            finally
            {
                _sendLock.Release();
            }

            await FinishCloseHandshakeAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Drops the TCP connection without a close frame: the client sees an abnormal closure (1006).</summary>
        public void Abort()
        {
            CloseTransport();
        }

        /// <summary>
        /// Closes TCP. When our close frame is out but the peer's reply has not arrived, first waits for it (bounded by
        /// <see cref="CloseTimeout"/>) so the peer sees a clean close. Does not send a close frame itself.
        /// </summary>
        public async ValueTask DisposeAsync()
        {
            if (_closeSent && !_closeReceived && !IsTransportClosed)
            {
                await FinishCloseHandshakeAsync(CancellationToken.None).ConfigureAwait(false);
            }

            CloseTransport();
        }

        private async Task SendDataAsync(ReadOnlyMemory<byte> payload, bool binary, int fragmentSize, CancellationToken cancellationToken)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ThrowIfCannotSend();
                cancellationToken.ThrowIfCancellationRequested();
                using (RegisterAbort(cancellationToken))
                {
                    try
                    {
                        WebSocketOpcode opcode = binary ? WebSocketOpcode.Binary : WebSocketOpcode.Text;
                        int offset = 0;
                        do
                        {
                            int size = Math.Min(fragmentSize, payload.Length - offset);
                            bool fin = offset + size >= payload.Length;
                            await WriteFrameAsync(opcode, fin, payload.Slice(offset, size), cancellationToken).ConfigureAwait(false);
                            opcode = WebSocketOpcode.Continuation;
                            offset += size;
                        }
                        while (offset < payload.Length);
                    }
                    catch (Exception ex) when (IsTransportFailure(ex))
                    {
                        throw TranslateTransportFailure(ex, cancellationToken);
                    }
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }

        private async Task<WebSocketMessage> ReceiveMessageAsync(int maxMessageBytes, CancellationToken cancellationToken)
        {
            byte[]? buffer = null;
            int length = 0;
            bool inMessage = false;
            WebSocketMessageKind kind = WebSocketMessageKind.Binary;
            try
            {
                while (true)
                {
                    WebSocketFrameHeader header = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
                    if (header.PayloadLength < 0)
                    {
                        _streamDesynchronized = true;
                        throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, "The 64-bit payload length has its most significant bit set.", cancellationToken).ConfigureAwait(false);
                    }

                    _pendingSkip = header.PayloadLength;
                    if (header.ReservedBits != 0)
                    {
                        throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, "Reserved bits are set but no extension was negotiated.", cancellationToken).ConfigureAwait(false);
                    }

                    if (!header.Masked)
                    {
                        throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, "Client frames must be masked.", cancellationToken).ConfigureAwait(false);
                    }

                    if (header.IsControl)
                    {
                        if (!header.Fin)
                        {
                            throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, "Control frames must not be fragmented.", cancellationToken).ConfigureAwait(false);
                        }

                        if (header.PayloadLength > WebSocketFrameCodec.MaxControlPayloadLength)
                        {
                            throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, "Control frames carry at most 125 bytes.", cancellationToken).ConfigureAwait(false);
                        }

                        int controlLength = (int)header.PayloadLength;
                        switch (header.Opcode)
                        {
                            case WebSocketOpcode.Ping:
                                await ReadPayloadAsync(_controlBuffer, 0, controlLength, header.MaskKey, cancellationToken).ConfigureAwait(false);
                                await SendPongAsync(controlLength, cancellationToken).ConfigureAwait(false);
                                continue;
                            case WebSocketOpcode.Pong:
                                await ReadPayloadAsync(_controlBuffer, 0, controlLength, header.MaskKey, cancellationToken).ConfigureAwait(false);
                                continue;
                            case WebSocketOpcode.Close:
                                await ReadPayloadAsync(_controlBuffer, 0, controlLength, header.MaskKey, cancellationToken).ConfigureAwait(false);
                                return await OnCloseFrameAsync(controlLength, cancellationToken).ConfigureAwait(false);
                            default:
                                throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, $"Unknown opcode {(int)header.Opcode}.", cancellationToken).ConfigureAwait(false);
                        }
                    }

                    switch (header.Opcode)
                    {
                        case WebSocketOpcode.Text:
                        case WebSocketOpcode.Binary:
                            if (inMessage)
                            {
                                throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, "A new message started before the previous one ended.", cancellationToken).ConfigureAwait(false);
                            }

                            inMessage = true;
                            kind = header.Opcode == WebSocketOpcode.Text ? WebSocketMessageKind.Text : WebSocketMessageKind.Binary;
                            break;
                        case WebSocketOpcode.Continuation:
                            if (!inMessage)
                            {
                                throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, "A continuation frame arrived outside a message.", cancellationToken).ConfigureAwait(false);
                            }

                            break;
                        default:
                            throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, $"Unknown opcode {(int)header.Opcode}.", cancellationToken).ConfigureAwait(false);
                    }

                    if (header.PayloadLength > maxMessageBytes - length)
                    {
                        throw await ProtocolErrorAsync(WebSocketCloseCodes.MessageTooBig, $"The message exceeds {maxMessageBytes} bytes.", cancellationToken).ConfigureAwait(false);
                    }

                    int count = (int)header.PayloadLength;
                    if (count > 0)
                    {
                        buffer = EnsureCapacity(buffer, length, length + count, maxMessageBytes);
                        await ReadPayloadAsync(buffer, length, count, header.MaskKey, cancellationToken).ConfigureAwait(false);
                        length += count;
                    }

                    if (header.Fin)
                    {
                        WebSocketMessage message = WebSocketMessage.ForData(kind, buffer, length);
                        buffer = null;
                        return message;
                    }
                }
            }
            finally
            {
                if (buffer != null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        private static byte[] EnsureCapacity(byte[]? buffer, int used, int needed, int maxMessageBytes)
        {
            if (buffer != null && buffer.Length >= needed)
            {
                return buffer;
            }

            int size = buffer is null ? needed : (int)Math.Max(needed, Math.Min((long)buffer.Length * 2, maxMessageBytes));
            byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
            if (buffer != null)
            {
                Buffer.BlockCopy(buffer, 0, bigger, 0, used);
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return bigger;
        }

        private async Task<WebSocketFrameHeader> ReadHeaderAsync(CancellationToken cancellationToken)
        {
            if (!await _reader.ReadExactAsync(_headerBuffer, 0, 2, cancellationToken).ConfigureAwait(false))
            {
                throw EndOfStream();
            }

            int rest = WebSocketFrameCodec.GetRemainingHeaderLength(_headerBuffer[1]);
            if (rest > 0 && !await _reader.ReadExactAsync(_headerBuffer, 2, rest, cancellationToken).ConfigureAwait(false))
            {
                throw EndOfStream();
            }

            return WebSocketFrameCodec.ParseHeader(_headerBuffer, 0);
        }

        private async Task ReadPayloadAsync(byte[] destination, int offset, int count, uint maskKey, CancellationToken cancellationToken)
        {
            if (count > 0 && !await _reader.ReadExactAsync(destination, offset, count, cancellationToken).ConfigureAwait(false))
            {
                throw EndOfStream();
            }

            _pendingSkip = 0;
            WebSocketFrameCodec.ApplyMask(new Span<byte>(destination, offset, count), maskKey);
        }

        private async Task SendPongAsync(int payloadLength, CancellationToken cancellationToken)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Nothing may follow our close frame.
                if (!_closeSent && !IsTransportClosed)
                {
                    await WriteFrameAsync(WebSocketOpcode.Pong, true, new ReadOnlyMemory<byte>(_controlBuffer, 0, payloadLength), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }

        private async Task<WebSocketMessage> OnCloseFrameAsync(int payloadLength, CancellationToken cancellationToken)
        {
            int? code = null;
            string? reason = null;
            if (payloadLength == 1)
            {
                throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, "A close frame cannot carry a 1-byte payload.", cancellationToken).ConfigureAwait(false);
            }

            if (payloadLength >= 2)
            {
                int value = (_controlBuffer[0] << 8) | _controlBuffer[1];

                // .NET's ClientWebSocket puts WebSocketCloseStatus.Empty on the wire as a literal 1005, which RFC 6455
                // forbids; read it as what it means, a close without a code.
                bool literalNoStatus = value == WebSocketCloseCodes.NoStatusReceived;
                if (!literalNoStatus && !WebSocketCloseCodes.IsValidOnWire(value))
                {
                    throw await ProtocolErrorAsync(WebSocketCloseCodes.ProtocolError, $"Close code {value} is not allowed on the wire.", cancellationToken).ConfigureAwait(false);
                }

                if (!literalNoStatus)
                {
                    code = value;

                    // Invalid UTF-8 is tolerated: Encoding.UTF8 substitutes U+FFFD.
                    reason = Encoding.UTF8.GetString(_controlBuffer, 2, payloadLength - 2);
                }
            }

            _receivedCloseCode = code;
            _receivedCloseReason = reason;
            _closeReceived = true;
            _closeDelivered = true;
            await ReplyToCloseAsync(code, cancellationToken).ConfigureAwait(false);

            // RFC 6455 §7.1.1: after the close handshake the server closes TCP first.
            CloseTransport();
            return WebSocketMessage.ForClose(code, reason);
        }

        private async Task ReplyToCloseAsync(int? code, CancellationToken cancellationToken)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_closeSent || IsTransportClosed)
                {
                    return;
                }

                _closeSent = true;
                await WriteCloseFrameAsync(code, string.Empty, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                // The peer may drop TCP right after its close frame: its close handshake is complete, ours cannot be.
                CloseWaitError = ex;
            }
            finally
            {
                _sendLock.Release();
            }
        }

        /// <summary>Sends the close frame for a protocol violation (if none was sent) and returns the exception to throw.</summary>
        private async Task<WebSocketProtocolException> ProtocolErrorAsync(int code, string message, CancellationToken cancellationToken)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_closeSent && !IsTransportClosed)
                {
                    _closeSent = true;
                    await WriteCloseFrameAsync(code, CloseReason.Truncate(message), cancellationToken).ConfigureAwait(false);
                }

                return new WebSocketProtocolException(code, message);
            }
            catch (Exception ex) when (IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                return new WebSocketProtocolException(code, message, TranslateTransportFailure(ex, cancellationToken));
            }
            finally
            {
                _sendLock.Release();
            }
        }

        /// <summary>Waits (bounded) for the peer's close frame after ours, then closes TCP.</summary>
        private async Task FinishCloseHandshakeAsync(CancellationToken cancellationToken)
        {
            if (!_closeReceived && !IsTransportClosed)
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(CloseTimeout);
                    if (await TryAcquireReceiveLockAsync(timeout.Token).ConfigureAwait(false))
                    {
                        try
                        {
                            if (!_closeReceived && !IsTransportClosed)
                            {
                                using (RegisterAbort(timeout.Token))
                                {
                                    try
                                    {
                                        await DrainUntilCloseAsync(timeout.Token).ConfigureAwait(false);
                                    }
                                    catch (Exception ex) when (IsTransportFailure(ex) || ex is OperationCanceledException)
                                    {
                                        // The wait is bounded by design: no reply in time (or a reset) just ends it.
                                        CloseWaitError = ex;
                                    }
                                }
                            }
                        }
                        finally
                        {
                            _receiveLock.Release();
                        }
                    }
                }
            }

            CloseTransport();
            cancellationToken.ThrowIfCancellationRequested();
        }

        /// <summary>
        /// Takes the receive lock, unless a running <see cref="ReceiveAsync"/> sees the transport close first (it reads
        /// the peer's close frame itself) or the token fires.
        /// </summary>
        private async Task<bool> TryAcquireReceiveLockAsync(CancellationToken cancellationToken)
        {
            if (_receiveLock.Wait(0))
            {
                return true;
            }

            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task lockTask = _receiveLock.WaitAsync(wait.Token);
                Task first = await Task.WhenAny(lockTask, _transportClosedSignal.Task).ConfigureAwait(false);
                if (first != lockTask)
                {
                    wait.Cancel();
                }

                try
                {
                    await lockTask.ConfigureAwait(false);
                    return true;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        /// <summary>After our close frame: skips data until the peer's close frame (true) or the end of the stream (false).</summary>
        private async Task<bool> DrainUntilCloseAsync(CancellationToken cancellationToken)
        {
            if (_streamDesynchronized)
            {
                await _reader.DiscardToEndAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            if (_pendingSkip > 0)
            {
                if (!await _reader.SkipAsync(_pendingSkip, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                _pendingSkip = 0;
            }

            while (true)
            {
                if (!await _reader.ReadExactAsync(_headerBuffer, 0, 2, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                int rest = WebSocketFrameCodec.GetRemainingHeaderLength(_headerBuffer[1]);
                if (rest > 0 && !await _reader.ReadExactAsync(_headerBuffer, 2, rest, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                WebSocketFrameHeader header = WebSocketFrameCodec.ParseHeader(_headerBuffer, 0);
                if (header.PayloadLength < 0)
                {
                    _streamDesynchronized = true;
                    await _reader.DiscardToEndAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }

                if (header.Opcode == WebSocketOpcode.Close && header.PayloadLength <= WebSocketFrameCodec.MaxControlPayloadLength)
                {
                    int n = (int)header.PayloadLength;
                    if (!await _reader.ReadExactAsync(_controlBuffer, 0, n, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }

                    if (header.Masked)
                    {
                        WebSocketFrameCodec.ApplyMask(new Span<byte>(_controlBuffer, 0, n), header.MaskKey);
                    }

                    bool hasCode = n >= 2 && ((_controlBuffer[0] << 8) | _controlBuffer[1]) != WebSocketCloseCodes.NoStatusReceived;
                    _receivedCloseCode = hasCode ? (_controlBuffer[0] << 8) | _controlBuffer[1] : (int?)null;
                    _receivedCloseReason = hasCode ? Encoding.UTF8.GetString(_controlBuffer, 2, n - 2) : null;
                    _closeReceived = true;
                    return true;
                }

                if (!await _reader.SkipAsync(header.PayloadLength, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        private Task WriteCloseFrameAsync(int? code, string reason, CancellationToken cancellationToken)
        {
            byte[] payload;
            if (code is int value)
            {
                payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
                payload[0] = (byte)(value >> 8);
                payload[1] = (byte)value;
                Encoding.UTF8.GetBytes(reason, 0, reason.Length, payload, 2);
            }
            else
            {
                payload = Array.Empty<byte>();
            }

            return WriteFrameAsync(WebSocketOpcode.Close, true, payload, cancellationToken);
        }

        /// <summary>Writes one unmasked frame. The caller holds <see cref="_sendLock"/>.</summary>
        private async Task WriteFrameAsync(WebSocketOpcode opcode, bool fin, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            int headerLength = WebSocketFrameCodec.GetServerHeaderLength(payload.Length);
            int firstChunk = Math.Min(payload.Length, SendChunkSize);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(headerLength + firstChunk);
            try
            {
                WebSocketFrameCodec.WriteServerHeader(buffer, 0, opcode, fin, payload.Length);
                payload.Span.Slice(0, firstChunk).CopyTo(new Span<byte>(buffer, headerLength, firstChunk));
                await _stream.WriteAsync(buffer, 0, headerLength + firstChunk, cancellationToken).ConfigureAwait(false);
                for (int offset = firstChunk; offset < payload.Length; offset += SendChunkSize)
                {
                    int chunk = Math.Min(SendChunkSize, payload.Length - offset);
                    payload.Span.Slice(offset, chunk).CopyTo(new Span<byte>(buffer, 0, chunk));
                    await _stream.WriteAsync(buffer, 0, chunk, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private CancellationTokenRegistration RegisterAbort(CancellationToken cancellationToken)
        {
            return cancellationToken.CanBeCanceled
                ? cancellationToken.Register(static state => ((ServerWebSocket)state).CloseTransport(), this)
                : default;
        }

        private void ThrowIfTransportClosed()
        {
            if (IsTransportClosed)
            {
                throw _peerGone
                    ? new WebSocketPeerGoneException("The peer dropped the connection without a close frame.")
                    : (Exception)new ObjectDisposedException(nameof(ServerWebSocket), "The WebSocket connection has been closed.");
            }
        }

        private void ThrowIfCannotSend()
        {
            if (_closeSent)
            {
                throw new InvalidOperationException("A close frame has already been sent.");
            }

            ThrowIfTransportClosed();
        }

        private Exception EndOfStream()
        {
            if (IsTransportClosed && !_peerGone)
            {
                return new ObjectDisposedException(nameof(ServerWebSocket), "The WebSocket connection has been closed.");
            }

            _peerGone = true;
            CloseTransport();
            return new WebSocketPeerGoneException("The peer closed the TCP connection without a close frame.");
        }

        private static bool IsTransportFailure(Exception ex)
        {
            return ex is IOException || ex is SocketException || ex is ObjectDisposedException;
        }

        private Exception TranslateTransportFailure(Exception ex, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new OperationCanceledException("The operation was canceled and the connection aborted.", ex, cancellationToken);
            }

            if (IsTransportClosed && !_peerGone)
            {
                return new ObjectDisposedException("The WebSocket connection was closed locally.", ex);
            }

            _peerGone = true;
            CloseTransport();
            return new WebSocketPeerGoneException("The peer dropped the connection without a close frame.", ex);
        }

        private void CloseTransport()
        {
            if (Interlocked.Exchange(ref _transportClosed, 1) != 0)
            {
                return;
            }

            _stream.Dispose();
            _client.Dispose();
            _transportClosedSignal.TrySetResult(true);
        }
    }
}
