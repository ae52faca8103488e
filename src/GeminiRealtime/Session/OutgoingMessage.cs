using System;
using System.Threading.Tasks;

namespace GeminiRealtime.Session
{
    /// <summary>Which lane a message waits in: control and tool responses always go before queued media.</summary>
    public enum SendPriority
    {
        Control,
        Media,
    }

    /// <summary>One encoded frame waiting for the send loop, and the task its sender awaits.</summary>
    internal sealed class OutgoingMessage
    {
        public OutgoingMessage(byte[] utf8Json, string kind)
        {
            Utf8Json = utf8Json;
            Kind = kind;
        }

        public byte[] Utf8Json { get; }
        public string Kind { get; }
        /// <summary>A copy of the <c>realtimeInput.audio</c> it carries, for the recorder once it is on the wire; null otherwise.</summary>
        public byte[]? RecordedAudio { get; set; }
        public int RecordedSampleRate { get; set; }
        public TaskCompletionSource<bool> Sent { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
