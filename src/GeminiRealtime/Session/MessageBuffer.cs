using System;
using System.Buffers;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// A growable pooled byte buffer that collects the fragments of one WebSocket message. The message is decoded
    /// only once its last fragment has arrived, so a UTF-8 character split across fragments is never broken.
    /// </summary>
    internal sealed class MessageBuffer : IDisposable
    {
        private byte[] _buffer;
        private int _length;

        public MessageBuffer(int initialCapacity = 16 * 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

        public int Length => _length;

        public ReadOnlySpan<byte> WrittenSpan => new ReadOnlySpan<byte>(_buffer, 0, _length);

        /// <summary>Free space to receive into, at least <paramref name="sizeHint"/> bytes.</summary>
        public ArraySegment<byte> GetFreeSegment(int sizeHint = 8 * 1024)
        {
            if (_buffer.Length - _length < sizeHint)
            {
                byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + sizeHint));
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            return new ArraySegment<byte>(_buffer, _length, _buffer.Length - _length);
        }

        public void Advance(int count) => _length += count;

        public void Reset() => _length = 0;

        public void Dispose()
        {
            byte[] buffer = _buffer;
            _buffer = Array.Empty<byte>();
            _length = 0;
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
