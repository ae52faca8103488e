using System.Threading;

namespace GeminiRealtime.Session
{
    /// <summary>Counters of one session, updated by its loops (thread-safe reads).</summary>
    public sealed class SessionStatistics
    {
        private long _messagesSent;
        private long _messagesReceived;
        private long _bytesSent;
        private long _bytesReceived;
        private long _droppedMessages;
        private long _malformedMessages;

        public long MessagesSent => Interlocked.Read(ref _messagesSent);
        public long MessagesReceived => Interlocked.Read(ref _messagesReceived);
        public long BytesSent => Interlocked.Read(ref _bytesSent);
        public long BytesReceived => Interlocked.Read(ref _bytesReceived);
        /// <summary>Messages dropped because nobody read them and the inbox was full.</summary>
        public long DroppedMessages => Interlocked.Read(ref _droppedMessages);
        /// <summary>Frames that were not valid JSON for a server message (kept out of the inbox, never fatal).</summary>
        public long MalformedMessages => Interlocked.Read(ref _malformedMessages);

        internal void Sent(int bytes)
        {
            Interlocked.Increment(ref _messagesSent);
            Interlocked.Add(ref _bytesSent, bytes);
        }

        internal void Received(int bytes)
        {
            Interlocked.Increment(ref _messagesReceived);
            Interlocked.Add(ref _bytesReceived, bytes);
        }

        /// <summary>The sum of several sessions' counters (a conversation's connections).</summary>
        internal static SessionStatistics Sum(SessionStatistics a, SessionStatistics b)
        {
            var sum = new SessionStatistics
            {
                _messagesSent = a.MessagesSent + b.MessagesSent,
                _messagesReceived = a.MessagesReceived + b.MessagesReceived,
                _bytesSent = a.BytesSent + b.BytesSent,
                _bytesReceived = a.BytesReceived + b.BytesReceived,
                _droppedMessages = a.DroppedMessages + b.DroppedMessages,
                _malformedMessages = a.MalformedMessages + b.MalformedMessages,
            };
            return sum;
        }

        internal void Dropped() => Interlocked.Increment(ref _droppedMessages);
        internal void Malformed() => Interlocked.Increment(ref _malformedMessages);

        public override string ToString() => $"sent {MessagesSent} ({BytesSent} B), received {MessagesReceived} ({BytesReceived} B)";
    }
}
