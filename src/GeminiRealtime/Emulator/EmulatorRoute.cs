using System;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The WebSocket paths the emulator serves (protocol.md §1, §12.1, §12.13):
    /// <c>/ws/google.ai.generativelanguage.{v1|v1beta|v1alpha}.GenerativeService.BidiGenerateContent</c> (API key) and
    /// <c>…BidiGenerateContentConstrained</c> (ephemeral token). A leading double slash (<c>//ws/…</c>, sent by the JS and
    /// Python SDKs when the base URL has no path) is accepted. Matching is exact and case-sensitive otherwise.
    /// </summary>
    internal sealed class EmulatorRoute
    {
        private const string Prefix = "/ws/google.ai.generativelanguage.";
        private const string Method = ".GenerativeService.BidiGenerateContent";
        private const string ConstrainedSuffix = "Constrained";
        private static readonly string[] Versions = { "v1beta", "v1alpha", "v1" };

        private EmulatorRoute(string apiVersion, bool constrained)
        {
            ApiVersion = apiVersion;
            Constrained = constrained;
        }

        public string ApiVersion { get; }

        /// <summary>The <c>…Constrained</c> method: credentials are ephemeral tokens.</summary>
        public bool Constrained { get; }

        /// <summary>The route of <paramref name="path"/> (no query), or null for any other path.</summary>
        public static EmulatorRoute? Match(string path)
        {
            if (path.StartsWith("//", StringComparison.Ordinal)) path = path.Substring(1);
            if (!path.StartsWith(Prefix, StringComparison.Ordinal)) return null;
            foreach (string version in Versions)
            {
                string plain = Prefix + version + Method;
                if (string.Equals(path, plain, StringComparison.Ordinal)) return new EmulatorRoute(version, constrained: false);
                if (string.Equals(path, plain + ConstrainedSuffix, StringComparison.Ordinal)) return new EmulatorRoute(version, constrained: true);
            }
            return null;
        }
    }
}
