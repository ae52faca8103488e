using System.Collections.Generic;
using System.Linq;
using GeminiRealtime.Session;
using GeminiRealtime.Vision;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>The screen shares of this process: at most one running per session.</summary>
    internal static class ScreenShareRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<ScreenShare> Shares = new List<ScreenShare>();

        public static IReadOnlyList<ScreenShare> All
        {
            get { lock (Gate) return Shares.ToArray(); }
        }

        /// <summary>The share of <paramref name="session"/>, if one was started and not stopped.</summary>
        public static ScreenShare? For(IGeminiSession session)
        {
            lock (Gate) return Shares.LastOrDefault(s => ReferenceEquals(s.Session, session));
        }

        public static void Add(ScreenShare share)
        {
            lock (Gate) Shares.Add(share);
        }

        public static void Remove(ScreenShare share)
        {
            lock (Gate) Shares.Remove(share);
        }
    }
}
