using System;
using System.Collections.Generic;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The emulator's frame-rate rule (protocol.md §7: about 1 FPS): at most <see cref="MaxFramesPerSecond"/> frames
    /// in any rolling second are seen by the model; the rest are validated but ignored, as a sampling service would drop
    /// them, and counted in <see cref="Ignored"/>. Ignoring rather than closing is the emulator's choice: a burst is a
    /// waste, not a protocol error. One instance per connection, used by its reader only.
    /// </summary>
    internal sealed class EmulatorVideoRate
    {
        public const int MaxFramesPerSecond = 2;

        private readonly Queue<TimeSpan> _recent = new Queue<TimeSpan>();

        public long Ignored { get; private set; }

        /// <summary>Whether a frame that arrived at <paramref name="now"/> (monotonic) is seen.</summary>
        public bool Admit(TimeSpan now)
        {
            while (_recent.Count > 0 && now - _recent.Peek() >= TimeSpan.FromSeconds(1)) _recent.Dequeue();
            if (_recent.Count >= MaxFramesPerSecond)
            {
                Ignored++;
                return false;
            }
            _recent.Enqueue(now);
            return true;
        }
    }
}
