using System.Diagnostics;

namespace GeminiRealtime.Benchmarks;

internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr, double WallMs)
{
    /// <summary>The last line of stdout that looks like a JSON object.</summary>
    public string JsonLine => StdOut.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'))
        ?? throw new InvalidOperationException($"No JSON line in the output (exit {ExitCode}). stdout: {Tail(StdOut)} stderr: {Tail(StdErr)}");

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}

internal static class ProcessRunner
{
    /// <summary>Runs a process to its end (killed after <paramref name="timeout"/>); wall time from start to exit.</summary>
    public static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args) info.ArgumentList.Add(arg);
        var watch = Stopwatch.StartNew();
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + file);
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        process.WaitForExit();
        watch.Stop();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result, watch.Elapsed.TotalMilliseconds);
    }

    public static string? TryOutput(string file, params string[] args)
    {
        try
        {
            ProcessResult result = Run(file, args, TimeSpan.FromSeconds(30));
            return result.ExitCode == 0 ? result.StdOut.Trim() : null;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
