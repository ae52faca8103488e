using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// A PulseAudio (or pipewire-pulse) <c>module-echo-cancel</c> loaded for one conversation with <c>pactl</c>: the
    /// microphone (<c>source_master</c>) and the speaker (<c>sink_master</c>) are wrapped in an echo-cancelled pair
    /// (<c>gemini_ec_source</c> / <c>gemini_ec_sink</c>); capture from the source and play to the sink, and what the
    /// speaker plays is removed from what the microphone hears. WebRTC AEC first (measured 26-94 dB, notes/audio.md §4),
    /// then speex. <see cref="Dispose"/> unloads the module (idempotent, any thread).
    /// </summary>
    public sealed class PulseEchoCancel : IDisposable
    {
        public const string ModuleName = "module-echo-cancel";
        public const string SourceBaseName = "gemini_ec_source";
        public const string SinkBaseName = "gemini_ec_sink";
        private static readonly TimeSpan PactlTimeout = TimeSpan.FromSeconds(5);
        private static readonly string[] Methods = { "webrtc", "speex" };
        private int _unloaded;

        private PulseEchoCancel(int moduleIndex, string method, string sourceName, string sinkName)
        {
            ModuleIndex = moduleIndex;
            Method = method;
            SourceName = sourceName;
            SinkName = sinkName;
        }

        /// <summary>The module's index (<c>pactl list modules short</c>).</summary>
        public int ModuleIndex { get; }

        /// <summary>The AEC that loaded: webrtc or speex.</summary>
        public string Method { get; }

        /// <summary>The echo-cancelled microphone: capture from here. Usually gemini_ec_source (the server adds ".2" when the name is taken).</summary>
        public string SourceName { get; }

        /// <summary>The speaker side of the pair: play here so the canceller knows what to remove.</summary>
        public string SinkName { get; }

        /// <summary>The pactl arguments for one AEC method; null or "" masters are left out (the server's defaults). PulseAudio device names have no spaces.</summary>
        public static string LoadArguments(string? sourceMaster, string? sinkMaster, string method)
        {
            var args = new List<string> { "load-module", ModuleName };
            if (!string.IsNullOrEmpty(sourceMaster)) args.Add("source_master=" + sourceMaster);
            if (!string.IsNullOrEmpty(sinkMaster)) args.Add("sink_master=" + sinkMaster);
            args.Add("source_name=" + SourceBaseName);
            args.Add("sink_name=" + SinkBaseName);
            args.Add("aec_method=" + method);
            // WebRTC's analog AGC turns the microphone's own volume down (measured: room.monitor 100 % -> 33 %) and the server
            // does not restore it on unload; the user's mic level is not ours to change.
            if (method == "webrtc") args.Add("aec_args=analog_gain_control=0");
            return string.Join(" ", args);
        }

        /// <summary>
        /// Loads the module around <paramref name="sourceMaster"/> and <paramref name="sinkMaster"/> (null or "" = the
        /// server's defaults): webrtc, else speex. Returns null and says why in <paramref name="failure"/> when neither loads
        /// (no pactl, no server, no module, a bad master device); nothing is left loaded then.
        /// </summary>
        public static PulseEchoCancel? TryLoad(string? sourceMaster, string? sinkMaster, out string failure)
        {
            var reasons = new List<string>();
            foreach (string method in Methods)
            {
                ToolResult? result = ToolProcess.RunDetailed("pactl", LoadArguments(sourceMaster, sinkMaster, method), PactlTimeout);
                if (result == null)
                {
                    failure = "pactl was not found (install pulseaudio-utils)";
                    return null;
                }
                if (result.ExitCode != 0 || !int.TryParse(result.Output.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
                {
                    reasons.Add($"aec_method={method}: {result.Reason}");
                    continue;
                }
                // The server renames a taken name (gemini_ec_source.2): read back what this module really created.
                if (!FindDevices(index, out string? source, out string? sink))
                {
                    Unload(index);
                    reasons.Add($"aec_method={method}: module {index} loaded but its source and sink were not found");
                    continue;
                }
                failure = string.Empty;
                return new PulseEchoCancel(index, method, source!, sink!);
            }
            failure = "pactl load-module " + ModuleName + " failed (" + string.Join("; ", reasons)
                + "). Check that the module is installed (PulseAudio, or PipeWire's pipewire-pulse with its echo-cancel plugin) and that the input and output devices exist";
            return null;
        }

        /// <summary>Unloads the module once.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _unloaded, 1) != 0) return;
            Unload(ModuleIndex);
        }

        public override string ToString() => $"{ModuleName} #{ModuleIndex} ({Method}): {SourceName} / {SinkName}";

        private static void Unload(int index) =>
            ToolProcess.RunDetailed("pactl", "unload-module " + index.ToString(CultureInfo.InvariantCulture), PactlTimeout);

        private static bool FindDevices(int module, out string? source, out string? sink)
        {
            source = FindOwned("sources", module, monitor: false);
            sink = FindOwned("sinks", module, monitor: false);
            return source != null && sink != null;
        }

        // "pactl list sources|sinks": blocks of "Name: x" ... "Owner Module: n" (the short list has no owner).
        private static string? FindOwned(string kind, int module, bool monitor)
        {
            string? table = ToolProcess.Run("pactl", "list " + kind, PactlTimeout);
            if (table == null) return null;
            string? name = null;
            foreach (string raw in table.Split('\n'))
            {
                string line = raw.Trim();
                if (line.StartsWith("Name:", StringComparison.Ordinal)) name = line.Substring(5).Trim();
                else if (line.StartsWith("Owner Module:", StringComparison.Ordinal) && name != null
                    && int.TryParse(line.Substring(13).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int owner) && owner == module
                    && name.EndsWith(".monitor", StringComparison.Ordinal) == monitor)
                {
                    return name;
                }
            }
            return null;
        }
    }
}
