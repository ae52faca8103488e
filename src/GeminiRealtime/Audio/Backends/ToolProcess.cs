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
            ToolResult? result = RunDetailed(fileName, arguments, timeout);
            return result != null && result.ExitCode == 0 ? result.Output : null;
        }

        /// <summary>Exit code, output and error text; null when the tool is not installed. A timeout gives exit code -1.</summary>
        public static ToolResult? RunDetailed(string fileName, string arguments, TimeSpan timeout)
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
            // Untranslated output ("Name:", "Owner Module:") and error text.
            info.Environment["LC_ALL"] = "C";
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new Win32Exception("not started");
            }
            catch (Win32Exception)
            {
                return null; // not installed
            }
            // The readers are disposed explicitly: Process.Dispose leaves their pipe descriptors to the finalizer
            // (measured: 8 descriptors per echo-cancel load/unload until a GC).
            using (process)
            using (System.IO.StreamReader stdout = process.StandardOutput)
            using (System.IO.StreamReader stderr = process.StandardError)
            {
                Task<string> output = stdout.ReadToEndAsync();
                Task<string> errors = stderr.ReadToEndAsync();
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
                    Task.WaitAny(Task.WhenAll(output, errors), Task.Delay(1000));
                    return new ToolResult(-1, string.Empty, $"{fileName} {arguments} did not finish within {timeout.TotalSeconds:0} s");
                }
                process.WaitForExit();
                Task.WaitAll(output, errors);
                return new ToolResult(process.ExitCode, output.Result, errors.Result);
            }
        }
    }

    /// <summary>How a <see cref="ToolProcess"/> run ended.</summary>
    internal sealed class ToolResult
    {
        public ToolResult(int exitCode, string output, string error)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
        }

        public int ExitCode { get; }
        public string Output { get; }
        public string Error { get; }

        /// <summary>The error text (or output) on one line, for a message.</summary>
        public string Reason => (Error.Trim().Length > 0 ? Error : Output).Trim().Replace('\n', ' ') is { Length: > 0 } text ? text : "exit code " + ExitCode;
    }
}
