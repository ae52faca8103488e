using System.Diagnostics;
using GeminiRealtime.Emulator;
using GeminiRealtime.Session;

namespace GeminiRealtime.Tests.Reliability;

/// <summary>
/// 100 connect/disconnect cycles against the emulator (client and emulator in this process) leave no threads, file
/// descriptors or sockets behind, within a generous bound (the thread pool and the runtime may keep a few).
/// </summary>
public class ResourceHygieneTests
{
    private const int Cycles = 100;

    [Fact]
    public async Task Hundred_connect_disconnect_cycles_leak_no_threads_handles_or_sockets()
    {
        await using GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0, RecordTraffic = false });
        var options = new GeminiSessionOptions(ApiCredential.FromSecret("AIzaHygieneKey-0123"))
        {
            Endpoint = emulator.Endpoint,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SetupTimeout = TimeSpan.FromSeconds(5),
        };
        // Warm-up: lazy statics, the thread pool's first threads, DNS/socket machinery.
        for (int i = 0; i < 3; i++) await CycleAsync(options);
        Snapshot before = await SettledAsync(null);

        var watch = Stopwatch.StartNew();
        await Bounded.Within(Task.Run(async () =>
        {
            for (int i = 0; i < Cycles; i++) await CycleAsync(options);
        }), TimeSpan.FromSeconds(40), $"{Cycles} cycles");
        watch.Stop();

        Snapshot after = await SettledAsync(before);
        string report = $"before {before}, after {after}, {Cycles} cycles in {watch.ElapsedMilliseconds} ms";
        Assert.True(after.Threads - before.Threads <= 15, "threads grew: " + report);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(after.Fds - before.Fds <= 10, "file descriptors grew: " + report);
            Assert.True(after.Sockets - before.Sockets <= 4, "sockets grew: " + report);
        }
        Assert.True(after.HandleCount - before.HandleCount <= 30, "handles grew: " + report);
        Assert.Equal(0, emulator.ActiveSessions);
    }

    private static async Task CycleAsync(GeminiSessionOptions options)
    {
        GeminiSession session = await GeminiSession.ConnectAsync(options);
        Assert.Equal(GeminiSessionState.Open, session.State);
        await session.DisposeAsync();
        Assert.Equal(GeminiSessionState.Closed, session.State);
    }

    /// <summary>Collects garbage (finalizers release sockets) and waits up to 5 s for the counts to come back down.</summary>
    private static async Task<Snapshot> SettledAsync(Snapshot? baseline)
    {
        Snapshot now = Snapshot.Take();
        for (int i = 0; i < 25; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await Task.Delay(200);
            now = Snapshot.Take();
            if (baseline == null ? i >= 2 : now.Fds <= baseline.Fds && now.Sockets <= baseline.Sockets) break;
        }
        return now;
    }

    private sealed record Snapshot(int Threads, int Fds, int Sockets, int HandleCount)
    {
        public static Snapshot Take()
        {
            using Process process = Process.GetCurrentProcess();
            int fds = 0, sockets = 0;
            if (OperatingSystem.IsLinux())
            {
                foreach (string fd in Directory.GetFiles("/proc/self/fd"))
                {
                    fds++;
                    try
                    {
                        if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true) sockets++;
                    }
                    catch (IOException)
                    {
                        // Closed while we looked.
                    }
                }
            }
            return new Snapshot(process.Threads.Count, fds, sockets, process.HandleCount);
        }

        public override string ToString() => $"threads {Threads}, fds {Fds}, sockets {Sockets}, handles {HandleCount}";
    }
}
