using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>Capture from a child process that writes raw 16 kHz s16le mono to stdout (sox <c>rec</c>, <c>parec</c>, ffmpeg).</summary>
    internal sealed class ProcessAudioInput : IAudioInput
    {
        private readonly Process _process;
        private readonly Stream _stdout;

        public ProcessAudioInput(string fileName, string arguments, string? audioDevice, string description)
        {
            _process = ProcessAudio.Start(fileName, arguments, audioDevice, redirectInput: false);
            _stdout = _process.StandardOutput.BaseStream;
            Description = description;
        }

        public string Description { get; }

        public int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int filled = 0;
            using (cancellationToken.Register(() => ProcessAudio.Kill(_process)))
            {
                while (filled < count)
                {
                    int n = _stdout.Read(buffer, offset + filled, count - filled);
                    if (n == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        throw new AudioDeviceException($"{Description} stopped (exit code {(_process.HasExited ? _process.ExitCode.ToString() : "?")}): {ProcessAudio.ErrorText(_process)}");
                    }
                    filled += n;
                }
            }
            return filled;
        }

        public void Dispose()
        {
            ProcessAudio.Kill(_process);
            _process.WaitForExit(2000);
            _process.Dispose();
        }
    }

    /// <summary>Starting and stopping the audio child processes.</summary>
    internal static class ProcessAudio
    {
        public static Process Start(string fileName, string arguments, string? audioDevice, bool redirectInput)
        {
            var info = new ProcessStartInfo(fileName, arguments)
            {
                UseShellExecute = false,
                RedirectStandardInput = redirectInput,
                RedirectStandardOutput = !redirectInput,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            // sox picks its device from AUDIODEV (coreaudio device name on macOS, pulse sink/source on Linux).
            if (!string.IsNullOrEmpty(audioDevice)) info.Environment["AUDIODEV"] = audioDevice;
            try
            {
                Process process = Process.Start(info) ?? throw new Win32Exception("not started");
                process.ErrorDataReceived += (sender, e) => { if (e.Data != null) lock (process) LastError(process, e.Data); };
                process.BeginErrorReadLine();
                return process;
            }
            catch (Win32Exception ex)
            {
                throw new AudioUnavailableException(
                    $"'{fileName}' could not be started ({ex.Message}). The process backend needs sox: 'brew install sox' on macOS, 'apt-get install sox libsox-fmt-pulse' on Linux.", ex);
            }
        }

        public static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited) process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            catch (Win32Exception)
            {
                // Exiting right now.
            }
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, string[]> s_errors =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Process, string[]>();

        private static void LastError(Process process, string line) => s_errors.GetValue(process, p => new string[1])[0] = line;

        public static string ErrorText(Process process) => s_errors.TryGetValue(process, out string[]? e) && e[0] != null ? e[0] : "no message";
    }
}
