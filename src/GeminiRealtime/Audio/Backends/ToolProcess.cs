using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Tasks;

namespace GeminiRealtime.Audio.Backends
{
    /// <summary>Runs a small command-line tool (pactl) to completion with a time limit; null when it is missing or fails.</summary>
    internal static class ToolProcess
    {
        public static string? Run(string fileName, string arguments, TimeSpan timeout)
        {
            var info = new ProcessStartInfo(fileName, arguments)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            // Child processes get the managed environment (where $env:PULSE_SERVER lives) through StartInfo.
            string? server = Environment.GetEnvironmentVariable("PULSE_SERVER");
            if (!string.IsNullOrEmpty(server)) info.Environment["PULSE_SERVER"] = server;
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new Win32Exception("not started");
            }
            catch (Win32Exception)
            {
                return null; // not installed
            }
            using (process)
            {
                Task<string> output = process.StandardOutput.ReadToEndAsync();
                Task<string> errors = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)timeout.TotalMilliseconds))
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                        // It ended between the timeout and the kill.
                    }
                    process.WaitForExit();
                    return null;
                }
                process.WaitForExit();
                Task.WaitAll(output, errors);
                return process.ExitCode == 0 ? output.Result : null;
            }
        }
    }
}
