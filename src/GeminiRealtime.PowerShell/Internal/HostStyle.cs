using System;
using System.Management.Automation;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>
    /// Colours for text the cmdlets write to the host (Start-GeminiChat's prompts, streamed replies): taken from
    /// $PSStyle (PowerShell 7.2+) and off when $PSStyle is absent (Windows PowerShell 5.1), when
    /// $PSStyle.OutputRendering is PlainText, when output is redirected, or when NO_COLOR is set (no-color.org).
    /// </summary>
    internal sealed class HostStyle
    {
        public static readonly HostStyle Plain = new HostStyle(string.Empty, string.Empty, string.Empty, string.Empty);

        private HostStyle(string user, string model, string note, string reset)
        {
            User = user;
            Model = model;
            Note = note;
            Reset = reset;
        }

        /// <summary>Escape sequence before the "You>" prompt.</summary>
        public string User { get; }

        /// <summary>Escape sequence before the "Gemini>" prompt.</summary>
        public string Model { get; }

        /// <summary>Escape sequence for side notes ("[interrupted]", the banner).</summary>
        public string Note { get; }

        public string Reset { get; }

        public bool Enabled => Reset.Length > 0;

        public string Paint(string style, string text) => Enabled ? style + text + Reset : text;

        /// <summary>The style for <paramref name="cmdlet"/>'s host, right now.</summary>
        public static HostStyle For(PSCmdlet cmdlet)
        {
            object? psStyle = cmdlet.SessionState.PSVariable.GetValue("PSStyle");
            bool redirected;
            try
            {
                redirected = Console.IsOutputRedirected;
            }
            catch (System.IO.IOException)
            {
                redirected = true;
            }
            return Decide(psStyle, redirected, Environment.GetEnvironmentVariable("NO_COLOR"));
        }

        /// <summary>The decision itself (no globals, so it can be tested).</summary>
        internal static HostStyle Decide(object? psStyle, bool outputRedirected, string? noColor)
        {
            if (!string.IsNullOrEmpty(noColor) || outputRedirected || psStyle == null) return Plain;
            var style = psStyle is PSObject wrapped ? wrapped : PSObject.AsPSObject(psStyle);
            string rendering = style.Properties["OutputRendering"]?.Value?.ToString() ?? string.Empty;
            if (rendering.Equals("PlainText", StringComparison.OrdinalIgnoreCase)) return Plain;
            object? foreground = style.Properties["Foreground"]?.Value;
            if (foreground == null) return Plain;
            var colours = PSObject.AsPSObject(foreground);
            string user = colours.Properties["BrightCyan"]?.Value as string ?? string.Empty;
            string model = colours.Properties["BrightGreen"]?.Value as string ?? string.Empty;
            string note = colours.Properties["BrightBlack"]?.Value as string ?? string.Empty;
            string reset = style.Properties["Reset"]?.Value as string ?? string.Empty;
            if (reset.Length == 0 || user.Length == 0) return Plain;
            return new HostStyle(user, model, note, reset);
        }
    }
}
