using System;
using System.Runtime.InteropServices;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// P/Invoke into libpulse-simple (PulseAudio, and PipeWire through pipewire-pulse). Signatures verified on
    /// netstandard2.0 under pwsh 7.6 (notes/audio.md appendix). DllImport binds lazily: nothing loads until first use.
    /// </summary>
    internal static class PulseNative
    {
        public const string SimpleLibrary = "libpulse-simple.so.0";
        public const string Library = "libpulse.so.0";
        public const int SampleS16Le = 3;
        public const int StreamPlayback = 1;
        public const int StreamRecord = 2;

        [StructLayout(LayoutKind.Sequential)]
        public struct SampleSpec
        {
            public int Format;
            public uint Rate;
            public byte Channels;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct BufferAttr
        {
            public uint MaxLength;
            public uint TLength;
            public uint PreBuf;
            public uint MinReq;
            public uint FragSize;
        }

        [DllImport(SimpleLibrary, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr pa_simple_new(string? server, string name, int dir, string? dev, string streamName,
            ref SampleSpec ss, IntPtr channelMap, ref BufferAttr attr, out int error);

        [DllImport(SimpleLibrary, CallingConvention = CallingConvention.Cdecl)]
        public static extern int pa_simple_write(IntPtr s, byte[] data, UIntPtr bytes, out int error);

        [DllImport(SimpleLibrary, CallingConvention = CallingConvention.Cdecl)]
        public static extern int pa_simple_read(IntPtr s, byte[] data, UIntPtr bytes, out int error);

        [DllImport(SimpleLibrary, CallingConvention = CallingConvention.Cdecl)]
        public static extern int pa_simple_flush(IntPtr s, out int error);

        [DllImport(SimpleLibrary, CallingConvention = CallingConvention.Cdecl)]
        public static extern ulong pa_simple_get_latency(IntPtr s, out int error);

        [DllImport(SimpleLibrary, CallingConvention = CallingConvention.Cdecl)]
        public static extern void pa_simple_free(IntPtr s);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr pa_strerror(int error);

        public static string ErrorText(int error)
        {
            try
            {
                return Marshal.PtrToStringAnsi(pa_strerror(error)) ?? ("error " + error);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return "error " + error;
            }
        }

        /// <summary>Opens a stream or throws <see cref="AudioUnavailableException"/> saying what is missing.</summary>
        public static IntPtr Open(int direction, string? device, PcmFormat format, BufferAttr attr, string applicationName, string streamName)
        {
            var spec = new SampleSpec { Format = SampleS16Le, Rate = (uint)format.SampleRate, Channels = 1 };
            IntPtr handle;
            int error;
            try
            {
                // The server is passed explicitly: on Unix, .NET (and so $env:PULSE_SERVER in PowerShell) changes only the
                // managed copy of the environment, which libpulse's getenv never sees.
                string? server = Environment.GetEnvironmentVariable("PULSE_SERVER");
                handle = pa_simple_new(string.IsNullOrEmpty(server) ? null : server, applicationName, direction, string.IsNullOrEmpty(device) ? null : device, streamName, ref spec, IntPtr.Zero, ref attr, out error);
            }
            catch (DllNotFoundException ex)
            {
                throw new AudioUnavailableException(
                    $"{SimpleLibrary} is not installed, so the PulseAudio/PipeWire backend cannot run. Install libpulse0 (Debian/Ubuntu) or pulseaudio-libs (Fedora), or use -InputFile/-OutputFile.", ex);
            }
            if (handle == IntPtr.Zero)
            {
                string what = string.IsNullOrEmpty(device) ? "the default " + (direction == StreamRecord ? "source" : "sink") : $"'{device}'";
                string server = Environment.GetEnvironmentVariable("PULSE_SERVER") is { Length: > 0 } s ? $" (PULSE_SERVER={s})" : string.Empty;
                throw new AudioUnavailableException(
                    $"PulseAudio/PipeWire could not open {what}{server}: {ErrorText(error)}. Is a sound server running (pactl info)? Get-GeminiAudioDevice lists the devices; -InputFile/-OutputFile work without one.");
            }
            return handle;
        }
    }
}
