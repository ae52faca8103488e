using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NAudio.Wave;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>
    /// Windows (PowerShell 5.1 and 7): NAudio.WinMM 2.2.1 WaveInEvent/WaveOutEvent. The WinMM mapper converts 16/24 kHz
    /// mono to whatever the device runs at, so no resampling is needed here. Compiled on every OS, used only on Windows;
    /// NOT run in this repository's CI (no Windows runner) — see about_GeminiRealtime.
    /// </summary>
    public sealed class WinMmBackend : IAudioBackend
    {
        public string Name => "WinMM";

        public IReadOnlyList<AudioDeviceInfo> GetDevices()
        {
            EnsureWindows();
            var devices = new List<AudioDeviceInfo>
            {
                new AudioDeviceInfo(Name, AudioDeviceKind.Input, string.Empty, "default recording device (WAVE_MAPPER)", true),
                new AudioDeviceInfo(Name, AudioDeviceKind.Output, string.Empty, "default playback device (WAVE_MAPPER)", true),
            };
            for (int i = 0; i < WaveInEvent.DeviceCount; i++)
            {
                WaveInCapabilities caps = WaveInEvent.GetCapabilities(i);
                devices.Add(new AudioDeviceInfo(Name, AudioDeviceKind.Input, caps.ProductName, $"input {i}, {caps.Channels} channel(s)", false));
            }
            for (int i = 0; i < WinMmNative.waveOutGetNumDevs(); i++)
            {
                WaveOutCapabilities caps = WinMmNative.OutputCapabilities(i);
                devices.Add(new AudioDeviceInfo(Name, AudioDeviceKind.Output, caps.ProductName, $"output {i}, {caps.Channels} channel(s)", false));
            }
            return devices;
        }

        public IAudioInput OpenInput(string? device, AudioStreamOptions options)
        {
            EnsureWindows();
            return new WinMmInput(InputNumber(device), device, options);
        }

        public IAudioOutput OpenOutput(string? device, AudioStreamOptions options)
        {
            EnsureWindows();
            return new WinMmOutput(OutputNumber(device), device, options);
        }

        private static int InputNumber(string? device)
        {
            if (string.IsNullOrEmpty(device)) return -1;
            for (int i = 0; i < WaveInEvent.DeviceCount; i++)
            {
                if (string.Equals(WaveInEvent.GetCapabilities(i).ProductName, device, StringComparison.OrdinalIgnoreCase)) return i;
            }
            throw new AudioUnavailableException($"No recording device is named '{device}'. Get-GeminiAudioDevice lists them.");
        }

        private static int OutputNumber(string? device)
        {
            if (string.IsNullOrEmpty(device)) return -1;
            for (int i = 0; i < WinMmNative.waveOutGetNumDevs(); i++)
            {
                if (string.Equals(WinMmNative.OutputCapabilities(i).ProductName, device, StringComparison.OrdinalIgnoreCase)) return i;
            }
            throw new AudioUnavailableException($"No playback device is named '{device}'. Get-GeminiAudioDevice lists them.");
        }

        private static void EnsureWindows()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                throw new AudioUnavailableException("The WinMM backend runs on Windows only.");
        }
    }

    /// <summary>The two winmm.dll calls NAudio 2.2.1 only exposes through the WinForms WaveOut class.</summary>
    internal static class WinMmNative
    {
        [DllImport("winmm.dll")]
        public static extern int waveOutGetNumDevs();

        [DllImport("winmm.dll", CharSet = CharSet.Auto)]
        private static extern int waveOutGetDevCaps(IntPtr deviceId, out WaveOutCapabilities caps, int size);

        public static WaveOutCapabilities OutputCapabilities(int device)
        {
            int result = waveOutGetDevCaps((IntPtr)device, out WaveOutCapabilities caps, Marshal.SizeOf(typeof(WaveOutCapabilities)));
            if (result != 0) throw new AudioUnavailableException($"waveOutGetDevCaps({device}) failed with MMRESULT {result}.");
            return caps;
        }
    }
}
