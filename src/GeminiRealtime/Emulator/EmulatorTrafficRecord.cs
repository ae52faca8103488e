using System;
using System.Collections.Generic;
using System.Text;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// One entry of <see cref="GeminiEmulator.Traffic"/>. Frames are stored as the bytes that travelled and decoded
    /// on first read of <see cref="Text"/>. Secrets never get here: <see cref="Path"/> and <see cref="Headers"/>
    /// have the key and token values replaced by <c>***</c>.
    /// </summary>
    public sealed class EmulatorTrafficRecord
    {
        private readonly byte[]? _utf8;
        private string? _text;

        internal EmulatorTrafficRecord(
            long connectionId,
            EmulatorTrafficDirection direction,
            DateTimeOffset time,
            string path,
            IReadOnlyDictionary<string, string> headers,
            string? text,
            byte[]? utf8,
            bool isBinary)
        {
            ConnectionId = connectionId;
            Direction = direction;
            Time = time;
            Path = path;
            Headers = headers;
            _text = text;
            _utf8 = utf8;
            IsBinary = isBinary;
            ByteCount = utf8?.Length ?? 0;
        }

        /// <summary>1, 2, 3… in accept order, per emulator.</summary>
        public long ConnectionId { get; }

        public EmulatorTrafficDirection Direction { get; }

        public DateTimeOffset Time { get; }

        /// <summary>
        /// The message as UTF-8 text (a frame), <c>"close 1007 &lt;reason&gt;"</c> (a close the emulator sent; a close from the
        /// client reads <c>"client close 1000 &lt;reason&gt;"</c>), the request line or HTTP status (Http), or the exception (Error).
        /// </summary>
        public string Text => _text ??= _utf8 == null ? string.Empty : DecodeLenient(_utf8);

        /// <summary>The request target with every <c>key</c> and <c>access_token</c> query value replaced by <c>***</c>.</summary>
        public string Path { get; }

        /// <summary>The upgrade request's headers; the values of <c>x-goog-api-key</c> and <c>Authorization</c> are <c>***</c>.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>For frames: whether it was a binary frame (the service's framing) rather than a text frame.</summary>
        public bool IsBinary { get; }

        /// <summary>For frames: the payload size in bytes.</summary>
        public int ByteCount { get; }

        public override string ToString() => $"#{ConnectionId} {Direction} {Time:HH:mm:ss.fff} {Text}";

        private static string DecodeLenient(byte[] utf8)
        {
            // Replacement characters rather than an exception: the log must show whatever a client sent.
            return new UTF8Encoding(false, false).GetString(utf8);
        }
    }
}
