namespace GeminiRealtime.Emulator
{
    /// <summary>What an <see cref="EmulatorTrafficRecord"/> describes.</summary>
    public enum EmulatorTrafficDirection
    {
        /// <summary>A whole message from the client (fragments joined).</summary>
        ClientToServer,
        /// <summary>A message the emulator sent.</summary>
        ServerToClient,
        /// <summary>A close: <c>"close &lt;code&gt; &lt;reason&gt;"</c>, sent by the emulator or (prefixed <c>"client "</c>) received.</summary>
        Close,
        /// <summary>The HTTP side of a connection: the request line, and the emulator's answer (101 or an error status).</summary>
        Http,
        /// <summary>An exception the emulator caught (a broken connection, a bug); the text is the exception's type and message.</summary>
        Error,
    }
}
