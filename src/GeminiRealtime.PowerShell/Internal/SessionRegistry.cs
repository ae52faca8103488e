using System.Collections.Generic;
using System.Linq;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>The sessions opened in this process and the default one (the last connected). Explicit, and the only session state.</summary>
    internal static class SessionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<GeminiSession> Sessions = new List<GeminiSession>();
        private static GeminiSession? s_default;

        public static GeminiSession? Default
        {
            get { lock (Gate) return s_default; }
        }

        public static void Add(GeminiSession session)
        {
            lock (Gate)
            {
                Sessions.Add(session);
                s_default = session;
            }
        }

        public static void Remove(GeminiSession session)
        {
            lock (Gate)
            {
                Sessions.Remove(session);
                if (ReferenceEquals(s_default, session)) s_default = Sessions.LastOrDefault();
            }
        }

        public static IReadOnlyList<GeminiSession> All
        {
            get { lock (Gate) return Sessions.ToArray(); }
        }
    }
}
