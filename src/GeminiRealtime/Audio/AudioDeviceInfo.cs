namespace GeminiRealtime.Audio
{
    /// <summary>Whether a device records (microphone, monitor source) or plays (speaker, sink).</summary>
    public enum AudioDeviceKind
    {
        Input,
        Output,
    }

    /// <summary>One capture or playback device as a backend names it. <see cref="Name"/> is what -InputDevice/-OutputDevice take.</summary>
    public sealed class AudioDeviceInfo
    {
        public AudioDeviceInfo(string backend, AudioDeviceKind kind, string name, string description, bool isDefault)
        {
            Backend = backend;
            Kind = kind;
            Name = name;
            Description = description;
            IsDefault = isDefault;
        }

        public string Backend { get; }
        public AudioDeviceKind Kind { get; }
        /// <summary>The name to pass back to the backend (PulseAudio source/sink name, WinMM product name).</summary>
        public string Name { get; }
        public string Description { get; }
        public bool IsDefault { get; }

        public override string ToString() => Name;
    }
}
