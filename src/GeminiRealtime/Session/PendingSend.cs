using System.Threading.Tasks;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Session
{
    /// <summary>A message queued in a <see cref="GeminiConversation"/> until a connection can take it.</summary>
    internal sealed class PendingSend
    {
        public PendingSend(ClientMessage message, SendPriority priority, InFlightTurn? turn, int generation)
        {
            Message = message;
            Priority = priority;
            Turn = turn;
            Generation = generation;
        }

        public ClientMessage Message { get; }
        public SendPriority Priority { get; }
        /// <summary>Set when the message is a user turn (text that expects a reply).</summary>
        public InFlightTurn? Turn { get; }
        /// <summary>The connection generation when it was queued (tool responses belong to it).</summary>
        public int Generation { get; }
        public bool IsToolResponse => Message.ToolResponse != null;
        /// <summary>Goes out only while no user turn is in flight and no reply is being generated (supervisor guidance: clientContent would interrupt).</summary>
        public bool WaitsForIdle { get; set; }
        public TaskCompletionSource<bool> Done { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
