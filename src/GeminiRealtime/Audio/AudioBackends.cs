using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using GeminiRealtime.Audio.Backends;

namespace GeminiRealtime.Audio
{
    /// <summary>
    /// Picks the audio stack: Linux = Pulse (PulseAudio or PipeWire), Windows = WinMM, macOS = Sox (child processes).
    /// "Null" is available everywhere. A missing stack surfaces as <see cref="AudioUnavailableException"/> when a device
    /// is first listed or opened, never as a crash at load time.
    /// </summary>
    public static class AudioBackends
    {
        public static readonly IReadOnlyList<string> Names = new[] { "Auto", "Pulse", "WinMM", "Sox", "Null" };

        /// <summary>The backend for this OS.</summary>
        public static IAudioBackend Default()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return new WinMmBackend();
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return new SoxBackend();
            return new PulseBackend();
        }

        /// <summary>A backend by name (case-insensitive); "Auto" or null = <see cref="Default"/>.</summary>
        public static IAudioBackend Create(string? name)
        {
            switch ((name ?? "Auto").ToUpperInvariant())
            {
                case "AUTO": return Default();
                case "PULSE": return new PulseBackend();
                case "WINMM": return new WinMmBackend();
                case "SOX": return new SoxBackend();
                case "NULL": return new NullBackend();
                default: throw new ArgumentException($"Unknown audio backend '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name));
            }
        }
    }
}
