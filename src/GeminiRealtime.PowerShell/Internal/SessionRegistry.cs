using System.Collections.Generic;
using System.Linq;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>The sessions opened in this process and the default one (the last connected). Explicit, and the only session state.</summary>
    internal static class SessionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<IGeminiSession> Sessions = new List<IGeminiSession>();
        private static IGeminiSession? s_default;

        public static IGeminiSession? Default
        {
            get { lock (Gate) return s_default; }
        }

        public static void Add(IGeminiSession session)
        {
            lock (Gate)
            {
                Sessions.Add(session);
                s_default = session;
            }
        }

        public static void Remove(IGeminiSession session)
        {
            lock (Gate)
            {
                Sessions.Remove(session);
                if (ReferenceEquals(s_default, session)) s_default = Sessions.LastOrDefault();
            }
        }

        public static IReadOnlyList<IGeminiSession> All
        {
            get { lock (Gate) return Sessions.ToArray(); }
        }
    }
}
