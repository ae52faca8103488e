namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>One parsed RFC 6455 §5.2 frame header.</summary>
    internal readonly struct WebSocketFrameHeader
    {
        public WebSocketFrameHeader(bool fin, int reservedBits, WebSocketOpcode opcode, bool masked, long payloadLength, uint maskKey)
        {
            Fin = fin;
            ReservedBits = reservedBits;
            Opcode = opcode;
            Masked = masked;
            PayloadLength = payloadLength;
            MaskKey = maskKey;
        }

        /// <summary>Final fragment of a message.</summary>
        public bool Fin { get; }

        /// <summary>RSV1..RSV3 as a 3-bit number (RSV1 = 4); non-zero without a negotiated extension is an error.</summary>
        public int ReservedBits { get; }

        /// <summary>The opcode, possibly an undefined value.</summary>
        public WebSocketOpcode Opcode { get; }

        /// <summary>The MASK bit: clients must set it, servers must not.</summary>
        public bool Masked { get; }

        /// <summary>The payload length, or -1 when a 64-bit length had its most significant bit set (invalid).</summary>
        public long PayloadLength { get; }

        /// <summary>The masking key, its four bytes in wire order in memory (read with native endianness).</summary>
        public uint MaskKey { get; }

        /// <summary>Close, ping or pong.</summary>
        public bool IsControl => ((byte)Opcode & 0x8) != 0;
    }
}
