using System.Collections.Generic;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// A ring of the last <see cref="Capacity"/> traffic records; older ones fall off. Thread-safe. With recording off,
    /// only <see cref="EmulatorTrafficDirection.Error"/> records are kept, so a failure is never silent.
    /// </summary>
    internal sealed class EmulatorTrafficLog
    {
        public const int Capacity = 10_000;

        private readonly object _gate = new object();
        private readonly EmulatorTrafficRecord[] _ring = new EmulatorTrafficRecord[Capacity];
        private readonly bool _enabled;
        private int _next;
        private int _count;

        public EmulatorTrafficLog(bool enabled) => _enabled = enabled;

        public bool Enabled => _enabled;

        public void Add(EmulatorTrafficRecord record)
        {
            if (!_enabled && record.Direction != EmulatorTrafficDirection.Error) return;
            lock (_gate)
            {
                _ring[_next] = record;
                _next = (_next + 1) % Capacity;
                if (_count < Capacity) _count++;
            }
        }

        public IReadOnlyList<EmulatorTrafficRecord> Snapshot()
        {
            lock (_gate)
            {
                var copy = new EmulatorTrafficRecord[_count];
                int start = (_next - _count + Capacity) % Capacity;
                for (int i = 0; i < _count; i++) copy[i] = _ring[(start + i) % Capacity];
                return copy;
            }
        }
    }
}
