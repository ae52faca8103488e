using System;
using System.Buffers;
using System.Threading;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// One whole received message (all fragments joined). The payload lives in an <see cref="ArrayPool{T}.Shared"/>
    /// buffer that goes back to the pool on <see cref="Dispose"/>; do not touch <see cref="Payload"/> afterwards.
    /// </summary>
    internal sealed class WebSocketMessage : IDisposable
    {
        private readonly int _length;
        private byte[]? _pooledBuffer;
        private int _disposed;

        private WebSocketMessage(WebSocketMessageKind kind, byte[]? pooledBuffer, int length, int? closeCode, string? closeReason)
        {
            Kind = kind;
            _pooledBuffer = pooledBuffer;
            _length = length;
            CloseCode = closeCode;
            CloseReason = closeReason;
        }

        public WebSocketMessageKind Kind { get; }

        /// <summary>The message bytes (unmasked, not UTF-8-validated). Empty for <see cref="WebSocketMessageKind.Close"/>.</summary>
        public ReadOnlyMemory<byte> Payload
        {
            get
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    throw new ObjectDisposedException(nameof(WebSocketMessage));
                }

                return _pooledBuffer is null ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(_pooledBuffer, 0, _length);
            }
        }

        /// <summary>For <see cref="WebSocketMessageKind.Close"/>: the peer's code, or null when its close frame had none (1005).</summary>
        public int? CloseCode { get; }

        /// <summary>For <see cref="WebSocketMessageKind.Close"/>: the reason (invalid UTF-8 replaced), empty when the frame had only a code, null when it had no code.</summary>
        public string? CloseReason { get; }

        /// <summary>A data message owning <paramref name="pooledBuffer"/> (rented from <see cref="ArrayPool{T}.Shared"/>; null for an empty message).</summary>
        public static WebSocketMessage ForData(WebSocketMessageKind kind, byte[]? pooledBuffer, int length)
        {
            if (kind == WebSocketMessageKind.Close)
            {
                throw new ArgumentException("Use ForClose for close messages.", nameof(kind));
            }

            if (length < 0 || (pooledBuffer is null ? length != 0 : length > pooledBuffer.Length))
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "The length must fit the buffer.");
            }

            return new WebSocketMessage(kind, pooledBuffer, length, null, null);
        }

        /// <summary>The peer's close frame.</summary>
        public static WebSocketMessage ForClose(int? closeCode, string? closeReason)
        {
            return new WebSocketMessage(WebSocketMessageKind.Close, null, 0, closeCode, closeReason);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            byte[]? buffer = Interlocked.Exchange(ref _pooledBuffer, null);
            if (buffer != null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
