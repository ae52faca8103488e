using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>
    /// Lets a <see cref="TimeSpan"/> parameter take <c>1s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, a number of seconds,
    /// a TimeSpan string (<c>00:00:02</c>) or a TimeSpan.
    /// </summary>
    internal sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly Regex Short = new Regex(@"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan span:
                    return span;
                case int seconds:
                    return TimeSpan.FromSeconds(seconds);
                case long seconds:
                    return TimeSpan.FromSeconds(seconds);
                case double seconds:
                    return TimeSpan.FromSeconds(seconds);
                case decimal seconds:
                    return TimeSpan.FromSeconds((double)seconds);
                case string text:
                    Match match = Short.Match(text);
                    if (match.Success)
                    {
                        double amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                        switch (match.Groups[2].Value.ToLowerInvariant())
                        {
                            case "ms": return TimeSpan.FromMilliseconds(amount);
                            case "m": return TimeSpan.FromMinutes(amount);
                            case "h": return TimeSpan.FromHours(amount);
                            default: return TimeSpan.FromSeconds(amount);
                        }
                    }
                    if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan parsed)) return parsed;
                    throw new ArgumentTransformationMetadataException($"'{text}' is not a duration: write e.g. 1s, 1500ms, 2m or 00:00:02.");
                default:
                    return value;
            }
        }
    }
}
