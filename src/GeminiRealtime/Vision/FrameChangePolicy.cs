using System;

namespace GeminiRealtime.Vision
{
    /// <summary>
    /// Decides whether a captured frame is worth sending (notes/vision.md §4): the first frame always; any frame
    /// with more than <see cref="SmallChangeTiles"/> changed tiles; a frame with only a few changed tiles (a caret, a
    /// clock) at most every <see cref="SmallChangeInterval"/>; an unchanged frame never.
    /// </summary>
    public sealed class FrameChangePolicy
    {
        private readonly TileChangeDetector _detector;
        private TimeSpan? _lastSent;
        private bool _pendingSmallChange;

        public FrameChangePolicy(TileChangeDetector? detector = null)
        {
            _detector = detector ?? new TileChangeDetector();
        }

        /// <summary>Changes of at most this many tiles count as small.</summary>
        public int SmallChangeTiles { get; set; } = 2;

        public TimeSpan SmallChangeInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Tiles changed in the last frame judged.</summary>
        public int LastChangedTiles { get; private set; }

        /// <summary>Judges a frame captured at <paramref name="now"/> (a monotonic time). True = send it.</summary>
        public bool ShouldSend(ScreenFrame frame, TimeSpan now)
        {
            int changed = _detector.Compare(frame);
            LastChangedTiles = changed;
            bool send;
            if (_lastSent == null) send = true;
            else if (changed > SmallChangeTiles) send = true;
            else
            {
                // Small changes accumulate: the detector already took them in, so remember that one is owed.
                if (changed > 0) _pendingSmallChange = true;
                send = _pendingSmallChange && now - _lastSent.Value >= SmallChangeInterval;
            }
            if (send)
            {
                _lastSent = now;
                _pendingSmallChange = false;
            }
            return send;
        }

        /// <summary>The next frame is sent whatever it shows (after a reconnect or resume).</summary>
        public void Reset()
        {
            _detector.Reset();
            _lastSent = null;
            _pendingSmallChange = false;
        }
    }
}
