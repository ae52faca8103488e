using System;

namespace GeminiRealtime.Vision
{
    /// <summary>How images are prepared for the Live API (protocol.md §7: JPEG, ~768×768 recommended, ~1 FPS).</summary>
    public sealed class ImageEncoderOptions
    {
        /// <summary>Default longest side in pixels. 1024 keeps 6×13-px terminal text readable (notes/vision.md §1).</summary>
        public const int DefaultMaxSize = 1024;

        /// <summary>Default JPEG quality (4:2:0).</summary>
        public const int DefaultQuality = 75;

        /// <summary>Default byte budget per JPEG: base64 adds a third, and ~151 KB of JSON is known to be accepted (protocol.md §8).</summary>
        public const int DefaultByteBudget = 100 * 1024;

        /// <summary>Largest source accepted, in pixels (width × height): guards against decompression bombs.</summary>
        public const long MaxSourcePixels = 100_000_000;

        private int _maxSize = DefaultMaxSize;
        private int _quality = DefaultQuality;
        private int _byteBudget = DefaultByteBudget;

        /// <summary>The longest side after scaling (the aspect ratio is kept; images are never enlarged). 16–8192.</summary>
        public int MaxSize
        {
            get => _maxSize;
            set => _maxSize = value >= 16 && value <= 8192 ? value : throw new ArgumentOutOfRangeException(nameof(MaxSize), value, "MaxSize must be between 16 and 8192 pixels.");
        }

        /// <summary>JPEG quality, 1–100.</summary>
        public int Quality
        {
            get => _quality;
            set => _quality = value >= 1 && value <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(Quality), value, "Quality must be between 1 and 100.");
        }

        /// <summary>
        /// When a JPEG comes out larger than this, it is encoded again at quality 60, then at 3/4 of the size, until it
        /// fits or the image is 256 px on its longest side. 0 turns the budget off.
        /// </summary>
        public int ByteBudget
        {
            get => _byteBudget;
            set => _byteBudget = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ByteBudget), value, "ByteBudget must not be negative.");
        }
    }
}
