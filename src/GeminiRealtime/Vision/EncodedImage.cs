using System;

namespace GeminiRealtime.Vision
{
    /// <summary>One image ready for <c>realtimeInput.video</c>: JPEG bytes and what was done to get them.</summary>
    public sealed class EncodedImage
    {
        public EncodedImage(byte[] data, string mimeType, int width, int height, int sourceWidth, int sourceHeight, bool reencoded, int quality)
        {
            Data = data ?? throw new ArgumentNullException(nameof(data));
            MimeType = mimeType ?? throw new ArgumentNullException(nameof(mimeType));
            Width = width;
            Height = height;
            SourceWidth = sourceWidth;
            SourceHeight = sourceHeight;
            Reencoded = reencoded;
            Quality = quality;
        }

        /// <summary>The encoded bytes (a JPEG).</summary>
        public byte[] Data { get; }

        /// <summary><c>image/jpeg</c>.</summary>
        public string MimeType { get; }

        public int Width { get; }

        public int Height { get; }

        /// <summary>Size of the image before scaling.</summary>
        public int SourceWidth { get; }

        public int SourceHeight { get; }

        /// <summary>False when a JPEG that already fit was passed through byte for byte.</summary>
        public bool Reencoded { get; }

        /// <summary>The JPEG quality used (0 when the bytes were passed through).</summary>
        public int Quality { get; }

        public int Length => Data.Length;

        public override string ToString() => $"{Width}x{Height} {MimeType}, {Data.Length} bytes";
    }
}
