namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>What a <see cref="WebSocketMessage"/> carries.</summary>
    internal enum WebSocketMessageKind
    {
        /// <summary>A text message (opcode 1). Its UTF-8 is not validated by the transport.</summary>
        Text,

        /// <summary>A binary message (opcode 2).</summary>
        Binary,

        /// <summary>The peer's close frame (opcode 8); see <see cref="WebSocketMessage.CloseCode"/>.</summary>
        Close,
    }
}
