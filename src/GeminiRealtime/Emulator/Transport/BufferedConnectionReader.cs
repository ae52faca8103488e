using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>
    /// A read buffer over a connection's stream, shared by the HTTP handshake and the frame reader so that bytes the
    /// client sent right after its request head (its first frames) are not lost. One reader at a time; not thread-safe.
    /// </summary>
    internal sealed class BufferedConnectionReader
    {
        /// <summary><see cref="ReadHeadAsync"/>: the stream ended before a complete head.</summary>
        public const int EndOfStream = 0;

        /// <summary><see cref="ReadHeadAsync"/>: the limit was reached without the blank line ending a head.</summary>
        public const int HeadTooLarge = -1;

        private readonly Stream _stream;
        private readonly byte[] _buffer;
        private int _start;
        private int _end;

        public BufferedConnectionReader(Stream stream, int bufferSize)
        {
            if (bufferSize < 64)
            {
                throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "The buffer must hold at least 64 bytes.");
            }

            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _buffer = new byte[bufferSize];
        }

        /// <summary>Bytes read from the stream and not consumed yet.</summary>
        public int BufferedCount => _end - _start;

        /// <summary>
        /// Buffers until an HTTP head (request line and headers up to the blank line, CRLF or bare LF) is complete.
        /// Returns its length in bytes (then read it with <see cref="PeekBuffered"/> and drop it with <see cref="Consume"/>),
        /// <see cref="HeadTooLarge"/> or <see cref="EndOfStream"/>.
        /// </summary>
        public async Task<int> ReadHeadAsync(int maxHeadBytes, CancellationToken cancellationToken)
        {
            if (maxHeadBytes < 4 || maxHeadBytes > _buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(maxHeadBytes), maxHeadBytes, "The head limit must fit the buffer.");
            }

            int scanned = 0; // bytes after _start already searched for a terminator
            while (true)
            {
                int headLength = FindHeadEnd(scanned);
                if (headLength > 0)
                {
                    return headLength <= maxHeadBytes ? headLength : HeadTooLarge;
                }

                // Re-scan the last two bytes next time: a terminator may straddle reads.
                scanned = Math.Max(0, BufferedCount - 2);
                if (BufferedCount >= maxHeadBytes)
                {
                    return HeadTooLarge;
                }

                int read = await FillAsync(cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return EndOfStream;
                }
            }
        }

        /// <summary>The buffered, unconsumed bytes.</summary>
        public ArraySegment<byte> PeekBuffered()
        {
            return new ArraySegment<byte>(_buffer, _start, _end - _start);
        }

        /// <summary>Drops <paramref name="count"/> buffered bytes.</summary>
        public void Consume(int count)
        {
            if (count < 0 || count > BufferedCount)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "Cannot consume more than is buffered.");
            }

            _start += count;
            if (_start == _end)
            {
                _start = 0;
                _end = 0;
            }
        }

        /// <summary>
        /// Fills <paramref name="destination"/>[offset, offset+count) from the buffer, then the stream.
        /// Returns false when the stream ended first (the bytes read so far are lost to the caller).
        /// </summary>
        public async Task<bool> ReadExactAsync(byte[] destination, int offset, int count, CancellationToken cancellationToken)
        {
            int fromBuffer = Math.Min(count, BufferedCount);
            if (fromBuffer > 0)
            {
                Buffer.BlockCopy(_buffer, _start, destination, offset, fromBuffer);
                Consume(fromBuffer);
                offset += fromBuffer;
                count -= fromBuffer;
            }

            while (count > 0)
            {
                if (count >= _buffer.Length / 2)
                {
                    // Large payloads go straight into the destination: no second copy.
                    int direct = await _stream.ReadAsync(destination, offset, count, cancellationToken).ConfigureAwait(false);
                    if (direct == 0)
                    {
                        return false;
                    }

                    offset += direct;
                    count -= direct;
                    continue;
                }

                int read = await FillAsync(cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                int take = Math.Min(count, BufferedCount);
                Buffer.BlockCopy(_buffer, _start, destination, offset, take);
                Consume(take);
                offset += take;
                count -= take;
            }

            return true;
        }

        /// <summary>Discards <paramref name="count"/> bytes. Returns false when the stream ended first.</summary>
        public async Task<bool> SkipAsync(long count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                if (BufferedCount == 0 && await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return false;
                }

                int take = (int)Math.Min(count, BufferedCount);
                Consume(take);
                count -= take;
            }

            return true;
        }

        /// <summary>Discards everything until the stream ends.</summary>
        public async Task DiscardToEndAsync(CancellationToken cancellationToken)
        {
            Consume(BufferedCount);
            while (await FillAsync(cancellationToken).ConfigureAwait(false) != 0)
            {
                Consume(BufferedCount);
            }
        }

        private async Task<int> FillAsync(CancellationToken cancellationToken)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = 0;
            }
            else if (_end == _buffer.Length)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            _end += read;
            return read;
        }

        /// <summary>Length of the head ending at the first blank line ("\n\n" or "\n\r\n"), or 0 when not buffered yet.</summary>
        private int FindHeadEnd(int scanFrom)
        {
            for (int i = _start + scanFrom; i < _end; i++)
            {
                if (_buffer[i] != (byte)'\n')
                {
                    continue;
                }

                if (i + 1 < _end && _buffer[i + 1] == (byte)'\n')
                {
                    return i + 2 - _start;
                }

                if (i + 2 < _end && _buffer[i + 1] == (byte)'\r' && _buffer[i + 2] == (byte)'\n')
                {
                    return i + 3 - _start;
                }
            }

            return 0;
        }
    }
}
