namespace GeminiRealtime.Emulator.Transport
{
    /// <summary>RFC 6455 §7.4 close status codes used by the transport.</summary>
    internal static class WebSocketCloseCodes
    {
        public const int NormalClosure = 1000;
        public const int GoingAway = 1001;
        public const int ProtocolError = 1002;
        public const int NoStatusReceived = 1005;
        public const int AbnormalClosure = 1006;
        public const int InvalidPayloadData = 1007;
        public const int PolicyViolation = 1008;
        public const int MessageTooBig = 1009;
        public const int InternalServerError = 1011;

        /// <summary>
        /// True for codes that may appear in a close frame on the wire: 1000–1003, 1007–1014 (IANA registered)
        /// and 3000–4999 (libraries, applications). 1004, 1005, 1006 and 1015 must never be sent.
        /// </summary>
        public static bool IsValidOnWire(int code)
        {
            return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
        }
    }
}
