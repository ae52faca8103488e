using System;
using System.Globalization;

namespace GeminiRealtime.Protocol
{
    /// <summary>proto <c>Duration</c> in JSON: seconds with an <c>s</c> suffix, e.g. <c>"50s"</c> or <c>"1.500s"</c>.</summary>
    public static class ProtoDuration
    {
        /// <summary>Reads a Duration; a bare number of seconds (no <c>s</c>) is tolerated, as a robust client should.</summary>
        public static bool TryParse(string? text, out TimeSpan value)
        {
            value = default;
            if (string.IsNullOrEmpty(text)) return false;
            string number = text![text.Length - 1] == 's' ? text.Substring(0, text.Length - 1) : text;
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out decimal seconds)) return false;
            value = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }

        public static string Format(TimeSpan value)
        {
            decimal seconds = (decimal)value.Ticks / TimeSpan.TicksPerSecond;
            return seconds == decimal.Truncate(seconds)
                ? decimal.Truncate(seconds).ToString(CultureInfo.InvariantCulture) + "s"
                : seconds.ToString("0.000######", CultureInfo.InvariantCulture) + "s";
        }
    }
}
