using System;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Sits between a session and its traffic log: sees every frame the session sends, starts the connection's
    /// lifetime clock at <c>setupComplete</c> and applies <see cref="EmulatorFaults"/> after each counted frame.
    /// </summary>
    internal sealed class EmulatorFaultLog : IEmulatorSessionLog
    {
        private readonly IEmulatorSessionLog _inner;
        private readonly EmulatorFaults _faults;
        private EmulatorSession? _session;
        private CancellationToken _ending;
        private int _framesSent;
        private int _faulted;

        public EmulatorFaultLog(IEmulatorSessionLog inner, EmulatorFaults faults)
        {
            _inner = inner;
            _faults = faults;
        }

        public void Attach(EmulatorSession session, CancellationToken ending)
        {
            _session = session;
            _ending = ending;
        }

        public void Received(ReadOnlyMemory<byte> payload, bool binary) => _inner.Received(payload, binary);

        public void Sent(byte[] frame)
        {
            _inner.Sent(frame);
            EmulatorSession? session = _session;
            if (session == null) return;
            if (Interlocked.Increment(ref _framesSent) == 1)
            {
                // The first frame is setupComplete: the connection's lifetime starts now.
                _ = Task.Run(() => _faults.RunLifetimeAsync(session, _ending));
                return;
            }
            if (Volatile.Read(ref _faulted) == 1 || IsGoAway(frame)) return;
            int? code = _faults.AfterFrame(out bool drop);
            if (drop)
            {
                Interlocked.Exchange(ref _faulted, 1);
                _inner.Http("fault injection: dropping the connection without a close frame");
                session.Abort();
            }
            else if (code.HasValue)
            {
                Interlocked.Exchange(ref _faulted, 1);
                session.RequestClose(code.Value, EmulatorFaults.ReasonFor(code.Value));
            }
        }

        public void Closing(int code, string reason) => _inner.Closing(code, reason);

        public void ClientClosed(int? code, string? reason) => _inner.ClientClosed(code, reason);

        public void Http(string text) => _inner.Http(text);

        public void Error(string where, Exception exception) => _inner.Error(where, exception);

        private static bool IsGoAway(byte[] frame)
        {
            // Pretty JSON: the first key follows "{\n  ". goAway frames are the lifetime's, not counted.
            return frame.Length > 12 && frame[5] == (byte)'g' && frame[6] == (byte)'o' && frame[7] == (byte)'A';
        }
    }
}
