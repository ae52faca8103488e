using System;

namespace GeminiRealtime.Vision
{
    /// <summary>Settings of a <see cref="ScreenShare"/>.</summary>
    public sealed class ScreenShareOptions
    {
        /// <summary>The shortest interval: the Live API takes about one frame a second (protocol.md §7).</summary>
        public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

        private TimeSpan _interval = MinimumInterval;

        /// <summary>Time between captures; at least <see cref="MinimumInterval"/>.</summary>
        public TimeSpan Interval
        {
            get => _interval;
            set => _interval = value >= MinimumInterval && value <= TimeSpan.FromHours(1)
                ? value
                : throw new ArgumentOutOfRangeException(nameof(Interval), value, "The interval must be between 1 second and 1 hour (the Live API takes at most about one frame a second).");
        }

        public ScreenCaptureTarget Target { get; set; } = new ScreenCaptureTarget();

        public ImageEncoderOptions Encoder { get; set; } = new ImageEncoderOptions();

        /// <summary>A frame with only a few changed tiles (caret, clock) is sent at most this often.</summary>
        public TimeSpan SmallChangeInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Opens the backend on the capture thread; default <see cref="ScreenCapture.Open"/>. Tests pass a fake.</summary>
        public Func<ScreenCaptureTarget, IScreenCapture>? CaptureFactory { get; set; }
    }
}
