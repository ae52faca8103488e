using System;
using System.Collections.Generic;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// macOS fallback (and an escape hatch elsewhere): sox's <c>rec</c>/<c>play</c> as child processes, raw s16le mono.
    /// The device is chosen through AUDIODEV (a Core Audio device name on macOS). <c>rec --buffer 640</c> still delivers
    /// in ~160 ms bursts (notes/audio.md §2.1): usable, but jerkier than the native backends. Not tested on macOS here.
    /// </summary>
    public sealed class SoxBackend : IAudioBackend
    {
        public string Name => "Sox";

        public IReadOnlyList<AudioDeviceInfo> GetDevices()
        {
            if (ToolProcess.Run("sox", "--version", TimeSpan.FromSeconds(5)) == null)
                throw new AudioUnavailableException("sox is not installed: 'brew install sox' on macOS, 'apt-get install sox libsox-fmt-pulse' on Linux.");
            // sox cannot list devices; any Core Audio/pulse device name can still be passed.
            return new[]
            {
                new AudioDeviceInfo(Name, AudioDeviceKind.Input, string.Empty, "default input (sox rec; other names via AUDIODEV)", true),
                new AudioDeviceInfo(Name, AudioDeviceKind.Output, string.Empty, "default output (sox play; other names via AUDIODEV)", true),
            };
        }

        public IAudioInput OpenInput(string? device, AudioStreamOptions options)
            => new ProcessAudioInput("rec", $"-q --buffer {options.CaptureChunkBytes} -t raw -r 16000 -e signed-integer -b 16 -c 1 -", device,
                "Sox rec: " + (string.IsNullOrEmpty(device) ? "default input" : device));

        public IAudioOutput OpenOutput(string? device, AudioStreamOptions options)
            => new ProcessAudioOutput("play", $"-q --buffer {Math.Max(512, options.PlaybackBufferBytes / 2)} -t raw -r 24000 -e signed-integer -b 16 -c 1 -", device, options,
                "Sox play: " + (string.IsNullOrEmpty(device) ? "default output" : device));
    }
}
