using System.Collections.Generic;
using GeminiRealtime.Emulator;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>Emulators started in this process, so Stop-GeminiEmulator without arguments can stop them all.</summary>
    internal static class EmulatorRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<GeminiEmulator> Emulators = new List<GeminiEmulator>();

        public static void Add(GeminiEmulator emulator)
        {
            lock (Gate) Emulators.Add(emulator);
        }

        public static void Remove(GeminiEmulator emulator)
        {
            lock (Gate) Emulators.Remove(emulator);
        }

        public static IReadOnlyList<GeminiEmulator> All
        {
            get { lock (Gate) return Emulators.ToArray(); }
        }
    }
}
