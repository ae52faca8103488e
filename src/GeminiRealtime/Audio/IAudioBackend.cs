using System.Collections.Generic;

namespace GeminiRealtime.Audio
{
    /// <summary>One audio stack (PulseAudio, WinMM, sox, null): lists devices and opens streams in the Live API formats.</summary>
    public interface IAudioBackend
    {
        /// <summary>Pulse, WinMM, Sox or Null.</summary>
        string Name { get; }

        /// <summary>Devices this backend can open. Throws <see cref="AudioUnavailableException"/> when the stack is missing.</summary>
        IReadOnlyList<AudioDeviceInfo> GetDevices();

        /// <summary>Opens capture at 16 kHz s16le mono. Null or "" = the default device.</summary>
        IAudioInput OpenInput(string? device, AudioStreamOptions options);

        /// <summary>Opens playback at 24 kHz s16le mono. Null or "" = the default device.</summary>
        IAudioOutput OpenOutput(string? device, AudioStreamOptions options);
    }
}
