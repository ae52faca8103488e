using System;

namespace GeminiRealtime.Audio
{
    /// <summary>Signed 16-bit little-endian mono PCM at a sample rate: the only formats the Live API speaks.</summary>
    public readonly struct PcmFormat : IEquatable<PcmFormat>
    {
        public PcmFormat(int sampleRate)
        {
            if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive.");
            SampleRate = sampleRate;
        }

        /// <summary>Microphone input: 16 kHz.</summary>
        public static PcmFormat Input16k => new PcmFormat(16000);

        /// <summary>Model output: 24 kHz.</summary>
        public static PcmFormat Output24k => new PcmFormat(24000);

        public int SampleRate { get; }
        public int Channels => 1;
        public int BitsPerSample => 16;
        public int BytesPerSecond => SampleRate * 2;

        public string MimeType => "audio/pcm;rate=" + SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public TimeSpan DurationOf(long byteCount) => TimeSpan.FromTicks(byteCount * TimeSpan.TicksPerSecond / BytesPerSecond);

        /// <summary>Reads the rate from <c>audio/pcm;rate=N</c>; bare <c>audio/pcm</c> means <paramref name="fallbackRate"/>.</summary>
        public static PcmFormat FromMimeType(string? mimeType, int fallbackRate)
        {
            if (mimeType != null)
            {
                int at = mimeType.IndexOf("rate=", StringComparison.OrdinalIgnoreCase);
                if (at >= 0 && int.TryParse(mimeType.Substring(at + 5).Trim(), System.Globalization.NumberStyles.Integer,
                        System.Globalization.CultureInfo.InvariantCulture, out int rate) && rate > 0)
                {
                    return new PcmFormat(rate);
                }
            }
            return new PcmFormat(fallbackRate);
        }

        public bool Equals(PcmFormat other) => SampleRate == other.SampleRate;
        public override bool Equals(object? obj) => obj is PcmFormat other && Equals(other);
        public override int GetHashCode() => SampleRate;
        public override string ToString() => $"{SampleRate} Hz s16le mono";
    }
}
