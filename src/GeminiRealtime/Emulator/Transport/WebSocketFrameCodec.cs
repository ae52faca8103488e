using System;
using System.Runtime.InteropServices;

namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>RFC 6455 §5.2 frame header encoding and decoding, and §5.3 masking.</summary>
    internal static class WebSocketFrameCodec
    {
        /// <summary>2 bytes + 8-byte length + 4-byte mask.</summary>
        public const int MaxHeaderLength = 14;

        /// <summary>Server frames are unmasked: 2 bytes + at most an 8-byte length.</summary>
        public const int MaxServerHeaderLength = 10;

        /// <summary>Control frames carry at most 125 payload bytes.</summary>
        public const int MaxControlPayloadLength = 125;

        /// <summary>The length of an unmasked header for a payload of <paramref name="payloadLength"/> bytes.</summary>
        public static int GetServerHeaderLength(long payloadLength)
        {
            return payloadLength <= 125 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;
        }

        /// <summary>Writes an unmasked (server) header; returns its length.</summary>
        public static int WriteServerHeader(byte[] destination, int offset, WebSocketOpcode opcode, bool fin, long payloadLength)
        {
            if (payloadLength < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "A payload length cannot be negative.");
            }

            destination[offset] = (byte)((fin ? 0x80 : 0x00) | (byte)opcode);
            if (payloadLength <= 125)
            {
                destination[offset + 1] = (byte)payloadLength;
                return 2;
            }

            if (payloadLength <= ushort.MaxValue)
            {
                destination[offset + 1] = 126;
                destination[offset + 2] = (byte)(payloadLength >> 8);
                destination[offset + 3] = (byte)payloadLength;
                return 4;
            }

            destination[offset + 1] = 127;
            for (int i = 0; i < 8; i++)
            {
                destination[offset + 2 + i] = (byte)(payloadLength >> (56 - (8 * i)));
            }

            return 10;
        }

        /// <summary>How many header bytes follow the first two (extended length and masking key).</summary>
        public static int GetRemainingHeaderLength(byte secondByte)
        {
            int length7 = secondByte & 0x7F;
            int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
            return extended + ((secondByte & 0x80) != 0 ? 4 : 0);
        }

        /// <summary>Parses a complete header (2 + <see cref="GetRemainingHeaderLength"/> bytes) at <paramref name="offset"/>.</summary>
        public static WebSocketFrameHeader ParseHeader(byte[] source, int offset)
        {
            byte first = source[offset];
            byte second = source[offset + 1];
            bool fin = (first & 0x80) != 0;
            int reserved = (first >> 4) & 0x7;
            var opcode = (WebSocketOpcode)(first & 0x0F);
            bool masked = (second & 0x80) != 0;
            int length7 = second & 0x7F;
            int position = offset + 2;
            long length;
            if (length7 == 126)
            {
                length = (source[position] << 8) | source[position + 1];
                position += 2;
            }
            else if (length7 == 127)
            {
                ulong value = 0;
                for (int i = 0; i < 8; i++)
                {
                    value = (value << 8) | source[position + i];
                }

                position += 8;
                length = value > long.MaxValue ? -1 : (long)value;
            }
            else
            {
                length = length7;
            }

            uint maskKey = masked ? MemoryMarshal.Read<uint>(new ReadOnlySpan<byte>(source, position, 4)) : 0u;
            return new WebSocketFrameHeader(fin, reserved, opcode, masked, length, maskKey);
        }

        /// <summary>XORs <paramref name="data"/> with the masking key, starting at key offset 0 (masking is its own inverse).</summary>
        public static void ApplyMask(Span<byte> data, uint maskKey)
        {
            ulong wide = maskKey | ((ulong)maskKey << 32);
            Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
            for (int i = 0; i < words.Length; i++)
            {
                words[i] ^= wide;
            }

            int done = words.Length * sizeof(ulong);
            if (done == data.Length)
            {
                return;
            }

            Span<byte> key = stackalloc byte[4];
            MemoryMarshal.Write(key, ref maskKey);
            for (int i = done; i < data.Length; i++)
            {
                // done is a multiple of 8, so the key phase restarts at 0 there.
                data[i] ^= key[i & 3];
            }
        }
    }
}
