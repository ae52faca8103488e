using GeminiRealtime.Models;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// 1007 reasons shared by the validators where the service's words are unknown (emulator wording). Field-level
    /// texts follow Google's REST style <c>* GenerateContentRequest.tools[0]…: message</c>, with the path counted
    /// from the client frame's root (<c>setup.tools[0]…</c>) and without the leading <c>* </c>.
    /// </summary>
    internal static class ValidationRejections
    {
        /// <summary>
        /// Zero or two top-level members break the proto <c>oneof</c> (protocol.md §2 "Envelope", §12.3). The service's
        /// reaction is UNCERTAIN; this wording is the emulator's choice.
        /// </summary>
        public const string NotExactlyOneMessageReason =
            "Invalid JSON payload received. Expected exactly one of setup, client_content, realtime_input, tool_response, context_update.";

        public static EmulatorRejection NotExactlyOneMessage() => EmulatorRejection.InvalidArgument(NotExactlyOneMessageReason);

        /// <summary><c>&lt;path&gt;: &lt;message&gt;</c>.</summary>
        public static EmulatorRejection AtPath(string path, string message) => EmulatorRejection.InvalidArgument(path + ": " + message);

        /// <summary><c>&lt;path&gt; is not supported by models/&lt;id&gt;.</c> for a field the model refuses (protocol.md §10.2).</summary>
        public static EmulatorRejection NotSupportedByModel(string path, LiveModel model) =>
            EmulatorRejection.InvalidArgument(path + " is not supported by models/" + model.Id + ".");
    }
}
