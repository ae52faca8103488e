using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiRealtime.Protocol
{
    /// <summary>
    /// A proto <c>bytes</c> field (base64 on the wire). Received payloads are decoded straight from the JSON
    /// reader's UTF-8 bytes into an <see cref="ArrayPool{T}"/> buffer, with no intermediate string; dispose the
    /// value (or the message that holds it) to hand the buffer back. Undisposed buffers are simply collected.
    /// </summary>
    [JsonConverter(typeof(Base64DataConverter))]
    public sealed class Base64Data : IDisposable
    {
        private byte[]? _rented;
        private readonly ReadOnlyMemory<byte> _memory;

        public Base64Data(ReadOnlyMemory<byte> bytes) => _memory = bytes;

        private Base64Data(byte[] rented, int length)
        {
            _rented = rented;
            _memory = new ReadOnlyMemory<byte>(rented, 0, length);
        }

        /// <summary>The decoded bytes. Invalid after <see cref="Dispose"/> for pooled payloads.</summary>
        public ReadOnlyMemory<byte> Memory => _rented is null && IsPooled ? ReadOnlyMemory<byte>.Empty : _memory;

        public int Length => _memory.Length;

        internal bool IsPooled { get; private set; }

        public byte[] ToArray() => Memory.ToArray();

        public override string ToString() => $"{Length} bytes";

        public void Dispose()
        {
            byte[]? rented = _rented;
            _rented = null;
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }

        /// <summary>Decodes base64 (standard or URL-safe, padded or not) UTF-8 text into a pooled buffer.</summary>
        public static Base64Data Decode(ReadOnlySpan<byte> utf8Base64)
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, Base64.GetMaxDecodedFromUtf8Length(utf8Base64.Length) + 3));
            OperationStatus status = Base64.DecodeFromUtf8(utf8Base64, rented, out int consumed, out int written);
            if (status == OperationStatus.Done && consumed == utf8Base64.Length)
            {
                return new Base64Data(rented, written) { IsPooled = true };
            }
            ArrayPool<byte>.Shared.Return(rented);
            return DecodeLenient(utf8Base64);
        }

        // Proto JSON also accepts URL-safe and unpadded base64; those are rare, so they take the slow path.
        private static Base64Data DecodeLenient(ReadOnlySpan<byte> utf8Base64)
        {
            int padded = (utf8Base64.Length + 3) / 4 * 4;
            char[] chars = new char[padded];
            for (int i = 0; i < utf8Base64.Length; i++)
            {
                char c = (char)utf8Base64[i];
                chars[i] = c == '-' ? '+' : c == '_' ? '/' : c;
            }
            for (int i = utf8Base64.Length; i < padded; i++) chars[i] = '=';
            try
            {
                return new Base64Data(Convert.FromBase64CharArray(chars, 0, chars.Length));
            }
            catch (FormatException ex)
            {
                throw new JsonException("A bytes field is not valid base64.", ex);
            }
        }
    }

    internal sealed class Base64DataConverter : JsonConverter<Base64Data>
    {
        public override Base64Data? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("A bytes field must be a base64 string.");
            if (reader.HasValueSequence || reader.ValueIsEscaped)
            {
                // Escapes (e.g. "\/") or a segmented buffer: unescape once, then decode.
                byte[] scratch = ArrayPool<byte>.Shared.Rent(reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length);
                try
                {
                    int length = reader.CopyString(scratch);
                    return Base64Data.Decode(scratch.AsSpan(0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }
            return Base64Data.Decode(reader.ValueSpan);
        }

        public override void Write(Utf8JsonWriter writer, Base64Data value, JsonSerializerOptions options)
            => writer.WriteBase64StringValue(value.Memory.Span);
    }
}
