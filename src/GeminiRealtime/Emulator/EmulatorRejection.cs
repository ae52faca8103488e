using System;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The emulator's verdict that a client did something the service refuses: the connection is closed with
    /// <see cref="CloseCode"/> and <see cref="Reason"/> (cut to 123 bytes when sent).
    /// </summary>
    public sealed class EmulatorRejection : Exception
    {
        public EmulatorRejection(int closeCode, string reason)
            : base(reason)
        {
            CloseCode = closeCode;
            Reason = reason;
        }

        public int CloseCode { get; }
        public string Reason { get; }

        public static EmulatorRejection InvalidArgument(string reason) => new EmulatorRejection(Protocol.CloseCodes.InvalidArgument, reason);
        public static EmulatorRejection NotFound(string reason) => new EmulatorRejection(Protocol.CloseCodes.PolicyViolation, reason);
    }
}
