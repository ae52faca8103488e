using System;

namespace GeminiRealtime.Emulator
{
    /// <summary>Where a session reports its traffic (see <see cref="GeminiEmulator.Traffic"/>).</summary>
    internal interface IEmulatorSessionLog
    {
        /// <summary>A whole client message; copied only when traffic is recorded (the buffer is pooled).</summary>
        void Received(ReadOnlyMemory<byte> payload, bool binary);

        void Sent(byte[] frame);

        /// <summary>A close frame the emulator is sending (the reason as it goes on the wire, cut to 123 bytes).</summary>
        void Closing(int code, string reason);

        void ClientClosed(int? code, string? reason);

        void Http(string text);

        void Error(string where, Exception exception);
    }
}
