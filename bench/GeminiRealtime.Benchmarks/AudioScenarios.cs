using System.Diagnostics;
using System.Text.Json;
using GeminiRealtime.Audio;
using GeminiRealtime.Audio.Backends;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Voice;

namespace GeminiRealtime.Benchmarks;

/// <summary>
/// A headless PulseAudio started by the bench itself, as tests/audio/pulse-null-sink.sh does for the voice tests (root,
/// no systemd or D-Bus): two null sinks, "speaker" (the module plays here; we record speaker.monitor) and "room" (we
/// play here; the module captures room.monitor), each kept awake by a pacat stream of zeros. Its own runtime folder
/// (/tmp/gemini-pa-bench), so it never meets the test suite's server. Nothing is installed: without pulseaudio/pacat
/// <see cref="Start"/> returns null and says why.
/// </summary>
internal sealed class PulseFixture : IDisposable
{
    private const string Root = "/tmp/gemini-pa-bench";
    private readonly List<Process> _keepers = new();
    private readonly string? _previousServer = Environment.GetEnvironmentVariable("PULSE_SERVER");

    private PulseFixture() { }

    public string Server { get; } = "unix:" + Root + "/xdg/pulse/native";

    public static PulseFixture? Start(out string? whyNot)
    {
        whyNot = null;
        if (!OperatingSystem.IsLinux()) { whyNot = "not Linux"; return null; }
        foreach (string tool in new[] { "pulseaudio", "pactl", "pacat" })
        {
            if (Which(tool) == null) { whyNot = $"`{tool}` is not installed (apt-get install pulseaudio pulseaudio-utils)"; return null; }
        }
        Directory.CreateDirectory(Root + "/home");
        Directory.CreateDirectory(Root + "/xdg");
        File.SetUnixFileMode(Root + "/xdg", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var fixture = new PulseFixture();
        try
        {
            Run("pulseaudio", "--kill"); // a leftover of an earlier, interrupted bench run
            ProcessResult daemon = Run("pulseaudio", "-D", "-n", "--exit-idle-time=-1", "--disallow-exit",
                "--load=module-native-protocol-unix",
                "--load=module-null-sink sink_name=speaker rate=48000 channels=1",
                "--load=module-null-sink sink_name=room rate=48000 channels=1",
                "--log-target=file:" + Root + "/pulse.log");
            bool up = false;
            for (int i = 0; i < 50 && !up; i++)
            {
                up = Run("pactl", "info").ExitCode == 0;
                if (!up) Thread.Sleep(100);
            }
            if (!up)
            {
                whyNot = $"the PulseAudio daemon did not start (exit {daemon.ExitCode}: {daemon.StdErr.Trim()})";
                fixture.Dispose();
                return null;
            }
            Environment.SetEnvironmentVariable("PULSE_SERVER", fixture.Server); // PulseNative passes it to pa_simple_new
            // An idle PA null sink runs on a 2 s timer: the first stream stalls up to ~2 s. Keep both sinks awake.
            foreach (string sink in new[] { "speaker", "room" })
                fixture._keepers.Add(StartProcess("pacat", "--playback", "-d", sink, "--latency-msec=10", "--rate=48000", "--channels=1", "/dev/zero"));
            Thread.Sleep(2500);
            PulseBackend.Probe();
            return fixture;
        }
        catch (Exception ex)
        {
            whyNot = $"PulseAudio could not be used: {ex.GetType().Name}: {ex.Message}";
            fixture.Dispose();
            return null;
        }
    }

    /// <summary>Plays a raw 16 kHz s16le mono file into the "room" sink (what the module's microphone hears).</summary>
    public Process PlayIntoRoom(string rawFile)
        => StartProcess("pacat", "--playback", "-d", "room", "--latency-msec=10", "--rate=16000", "--channels=1", "--format=s16le", rawFile);

    public void Dispose()
    {
        foreach (Process keeper in _keepers)
        {
            try { if (!keeper.HasExited) keeper.Kill(); keeper.WaitForExit(2000); } catch (InvalidOperationException) { }
            keeper.Dispose();
        }
        _keepers.Clear();
        try { Run("pulseaudio", "--kill"); } catch (Exception) { }
        Environment.SetEnvironmentVariable("PULSE_SERVER", _previousServer);
    }

    private static ProcessStartInfo Info(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string arg in args) info.ArgumentList.Add(arg);
        info.Environment["HOME"] = Root + "/home";
        info.Environment["XDG_RUNTIME_DIR"] = Root + "/xdg";
        info.Environment["PULSE_SERVER"] = "unix:" + Root + "/xdg/pulse/native";
        return info;
    }

    private static ProcessResult Run(string file, params string[] args)
    {
        var watch = Stopwatch.StartNew();
        using Process p = Process.Start(Info(file, args))!;
        p.StandardInput.Close();
        Task<string> o = p.StandardOutput.ReadToEndAsync(), e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(15000)) { p.Kill(true); p.WaitForExit(); }
        // pulseaudio -D forks: the daemon keeps the pipes; do not wait for their end.
        string stdout = o.Wait(500) ? o.Result : string.Empty, stderr = e.Wait(500) ? e.Result : string.Empty;
        return new ProcessResult(p.ExitCode, stdout, stderr, watch.Elapsed.TotalMilliseconds);
    }

    private static Process StartProcess(string file, params string[] args)
    {
        ProcessStartInfo info = Info(file, args);
        info.RedirectStandardOutput = false;
        info.RedirectStandardError = false;
        Process p = Process.Start(info)!;
        p.StandardInput.Close();
        return p;
    }

    private static string? Which(string tool)
        => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}

/// <summary>Records a PulseAudio source (16 kHz s16le) on its own thread, stamping every chunk when its read returned.</summary>
internal sealed class MonitorRecorder : IDisposable
{
    public const int Rate = 16000;
    private readonly IAudioInput _input;
    private readonly Thread _thread;
    private readonly int _chunkBytes;
    private volatile bool _stop;
    private readonly object _gate = new();
    public readonly List<long> Stamps = new();      // UTC ticks when each chunk's read returned
    public readonly List<short[]> Chunks = new();
    private long _loudSinceTicks = -1;

    public MonitorRecorder(string source, TimeSpan chunk)
    {
        var options = new AudioStreamOptions { CaptureChunk = chunk, ApplicationName = "GeminiRealtime bench monitor" };
        _chunkBytes = options.CaptureChunkBytes;
        _input = new PulseBackend().OpenInput(source, options);
        _thread = new Thread(Run) { IsBackground = true, Name = "bench monitor" };
        _thread.Start();
    }

    /// <summary>How long the source has been continuously loud (any chunk over -40 dBFS within the last 60 ms), else zero.</summary>
    public TimeSpan LoudFor
    {
        get
        {
            long since = Interlocked.Read(ref _loudSinceTicks);
            return since < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(DateTimeOffset.UtcNow.UtcTicks - since);
        }
    }

    private void Run()
    {
        var buffer = new byte[_chunkBytes];
        long lastLoud = -1;
        while (!_stop)
        {
            _input.Read(buffer, 0, buffer.Length, CancellationToken.None);
            long now = DateTimeOffset.UtcNow.UtcTicks;
            var samples = new short[buffer.Length / 2];
            Buffer.BlockCopy(buffer, 0, samples, 0, buffer.Length);
            lock (_gate)
            {
                Stamps.Add(now);
                Chunks.Add(samples);
            }
            if (Pcm16.LevelDbfs(buffer) > -40)
            {
                if (Interlocked.Read(ref _loudSinceTicks) < 0) Interlocked.Exchange(ref _loudSinceTicks, now);
                lastLoud = now;
            }
            else if (lastLoud >= 0 && now - lastLoud > TimeSpan.TicksPerMillisecond * 60)
            {
                Interlocked.Exchange(ref _loudSinceTicks, -1);
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(2000);
        _input.Dispose();
    }

    /// <summary>
    /// When the source went silent for good after <paramref name="t0Ticks"/>: the first sample of the first run of at
    /// least <paramref name="quiet"/> of samples under <paramref name="threshold"/> (absolute value) that reaches past
    /// t0, the sample's time taken as its chunk's read-return stamp minus the samples after it in the chunk. Null when
    /// there is none. A run that began before t0 (the cut landed in a pause between two words) gives t0 itself.
    /// </summary>
    public long? SilentFrom(long t0Ticks, TimeSpan quiet, int threshold, out bool alreadySilent)
    {
        alreadySilent = false;
        lock (_gate)
        {
            int first = Stamps.FindIndex(t => t >= t0Ticks);
            if (first < 0) return null;
            int need = (int)(quiet.TotalSeconds * Rate);
            int startChunk = Math.Max(0, first - 20);
            int runLength = 0;
            (int Chunk, int Index)? runStart = null;
            for (int c = startChunk; c < Chunks.Count; c++)
            {
                short[] chunk = Chunks[c];
                for (int i = 0; i < chunk.Length; i++)
                {
                    if (Math.Abs((int)chunk[i]) < threshold)
                    {
                        runStart ??= (c, i);
                        runLength++;
                        if (runLength >= need && Time(runStart.Value.Chunk, runStart.Value.Index) + need * TimeSpan.TicksPerSecond / Rate > t0Ticks)
                        {
                            long at = Time(runStart.Value.Chunk, runStart.Value.Index);
                            if (at <= t0Ticks) { alreadySilent = true; return t0Ticks; }
                            return at;
                        }
                    }
                    else
                    {
                        runStart = null;
                        runLength = 0;
                    }
                }
            }
            return null;
        }
    }

    private long Time(int chunk, int index) => Stamps[chunk] - (Chunks[chunk].Length - 1 - index) * TimeSpan.TicksPerSecond / Rate;
}

/// <summary>The real PulseAudio capture stream, stamping each chunk when the device read returned (what the capture thread then sends).</summary>
internal sealed class StampedInput : IAudioInput
{
    private readonly IAudioInput _inner;
    public readonly List<(long Ticks, string Base64)> Reads = new();

    public StampedInput(IAudioInput inner) => _inner = inner;

    public string Description => _inner.Description;

    public int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        int n = _inner.Read(buffer, offset, count, cancellationToken);
        long now = DateTimeOffset.UtcNow.UtcTicks;
        string key = Convert.ToBase64String(buffer, offset, n);
        lock (Reads) Reads.Add((now, key));
        return n;
    }

    public void Dispose() => _inner.Dispose();
}

/// <summary>Barge-in and capture latency through the real Linux audio path (PulseAudio null sinks).</summary>
internal static class AudioScenarios
{
    public sealed record BargeInResult(double[] SilentMs, double[] FlushMs, int AlreadySilent, int Attempts, double DeviceBufferMs, double ChunkMs);

    public sealed record CaptureResult(double[] Ms, int Chunks, int Unmatched, double ChunkMs);

    private static GeminiSessionOptions Options(Uri endpoint) => new(ApiCredential.FromSecret("bench-key"))
    {
        Endpoint = endpoint,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        SetupTimeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>
    /// One voice conversation (VoiceConversation → AudioPlayer → PulseOutput on "speaker", mic = room.monitor, silent),
    /// manual activity. Each round: a text turn whose spoken reply is about 5 s long; once the reply has been audible at
    /// speaker.monitor for 250–750 ms (varied per round) the bench sends activityStart, which makes the emulator
    /// interrupt the turn (`interrupted`), then activityEnd with no audio (no new turn).
    /// </summary>
    public static async Task<BargeInResult> BargeInAsync(int rounds, int warmup)
    {
        await using GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 1, RecordTraffic = false });
        GeminiSessionOptions options = Options(emulator.Endpoint);
        options.RealtimeInputConfig = new RealtimeInputConfig { AutomaticActivityDetection = new AutomaticActivityDetection { Disabled = true } };
        await using GeminiSession session = await GeminiSession.ConnectAsync(options);
        var streams = new AudioStreamOptions();
        var backend = new PulseBackend();
        using var monitor = new MonitorRecorder("speaker.monitor", TimeSpan.FromMilliseconds(10));
        var voice = new VoiceConversation(session, backend.OpenInput("room.monitor", streams), backend.OpenOutput("speaker", streams),
            new VoiceOptions { Activity = ActivityMode.Client, Echo = EchoMode.FullDuplex, StopPhrase = null }, streams);
        var interrupted = new List<VoiceTurn>();
        Task drain = Task.Run(async () =>
        {
            await foreach (VoiceEvent e in voice.Events.ReadAllAsync())
                if (e.Kind == VoiceEventKind.Interrupted && e.Turn != null) lock (interrupted) interrupted.Add(e.Turn);
        });
        Task<VoiceSummary> run = voice.RunAsync(CancellationToken.None);
        int attempts = 0;
        try
        {
            await Task.Delay(500);
            for (int k = 0; k < rounds + warmup; k++)
            {
                attempts++;
                await session.SendTextAsync($"round {k}: please keep talking for a good while, keep talking please");
                var wait = Stopwatch.StartNew();
                TimeSpan audible = TimeSpan.FromMilliseconds(250 + (k * 137) % 500);
                while (monitor.LoudFor < audible && wait.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(2);
                if (monitor.LoudFor < audible) throw new InvalidOperationException($"round {k}: the reply never became audible at speaker.monitor.");
                await session.SendActivityStartAsync();
                await Task.Delay(600);
                await session.SendActivityEndAsync();
                await Task.Delay(150);
            }
            await Task.Delay(400);
        }
        finally
        {
            voice.Stop("Stopped");
            await run;
            await drain;
            await voice.DisposeAsync();
        }
        var silent = new List<double>();
        var flush = new List<double>();
        int already = 0;
        List<VoiceTurn> turns;
        lock (interrupted) turns = interrupted.Distinct().Where(t => t.InterruptedAt != null).ToList();
        foreach (VoiceTurn turn in turns.Skip(warmup))
        {
            long t0 = turn.InterruptedAt!.Value.UtcTicks;
            long? at = monitor.SilentFrom(t0, TimeSpan.FromMilliseconds(300), threshold: 100, out bool wasSilent);
            if (at == null) continue;
            if (wasSilent) already++;
            silent.Add((at.Value - t0) / (double)TimeSpan.TicksPerMillisecond);
            if (turn.BargeInStopLatency is { } f) flush.Add(f.TotalMilliseconds);
        }
        if (silent.Count == 0) throw new InvalidOperationException($"no interrupted turn measured ({turns.Count} interrupted events).");
        return new BargeInResult(silent.ToArray(), flush.ToArray(), already, attempts - warmup, streams.PlaybackBuffer.TotalMilliseconds, 10);
    }

    /// <summary>
    /// One voice conversation (server activity, full duplex) capturing room.monitor through the real PulseInput, wrapped
    /// to stamp each chunk when its device read returns. Low-level noise (-55 dBFS, under every speech threshold) is
    /// played into "room" so that every captured chunk is unique; each chunk is then found, by its base64, in the
    /// realtimeInput.audio frames of the emulator's traffic log, whose stamp is taken when the whole frame was read.
    /// </summary>
    public static async Task<CaptureResult> CaptureAsync(PulseFixture pulse, TimeSpan measure)
    {
        string noise = Path.Combine(Path.GetTempPath(), "gemini-bench-noise.raw");
        var random = new Random(7);
        var bytes = new byte[(int)((measure.TotalSeconds + 4) * 16000) * 2];
        for (int i = 0; i < bytes.Length; i += 2)
        {
            short s = (short)random.Next(-100, 101); // uniform ±100: RMS 58 = -55 dBFS
            bytes[i] = (byte)s;
            bytes[i + 1] = (byte)(s >> 8);
        }
        File.WriteAllBytes(noise, bytes);

        await using GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0, RecordTraffic = true });
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(emulator.Endpoint));
        var streams = new AudioStreamOptions();
        var backend = new PulseBackend();
        var input = new StampedInput(backend.OpenInput("room.monitor", streams));
        var voice = new VoiceConversation(session, input, backend.OpenOutput("speaker", streams),
            new VoiceOptions { Activity = ActivityMode.Server, Echo = EchoMode.FullDuplex, StopPhrase = null }, streams);
        Task drain = Task.Run(async () => { await foreach (VoiceEvent _ in voice.Events.ReadAllAsync()) { } });
        using Process player = pulse.PlayIntoRoom(noise);
        Task<VoiceSummary> run = voice.RunAsync(CancellationToken.None);
        long from, to;
        try
        {
            await Task.Delay(1500); // warm-up: JIT, stream start-up
            from = DateTimeOffset.UtcNow.UtcTicks;
            await Task.Delay(measure);
            to = DateTimeOffset.UtcNow.UtcTicks;
            await Task.Delay(300);
        }
        finally
        {
            voice.Stop("Stopped");
            await run;
            await drain;
            await voice.DisposeAsync();
            try { if (!player.HasExited) player.Kill(); } catch (InvalidOperationException) { }
        }

        var arrivals = new Dictionary<string, long>(StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        foreach (EmulatorTrafficRecord record in emulator.Traffic)
        {
            if (record.Direction != EmulatorTrafficDirection.ClientToServer || !record.Text.Contains("realtimeInput", StringComparison.Ordinal)) continue;
            using JsonDocument doc = JsonDocument.Parse(record.Text);
            if (!doc.RootElement.TryGetProperty("realtimeInput", out JsonElement ri) || !ri.TryGetProperty("audio", out JsonElement audio)) continue;
            string? data = audio.GetProperty("data").GetString();
            if (data == null) continue;
            if (!arrivals.TryAdd(data, record.Time.UtcTicks)) duplicates.Add(data);
        }
        var ms = new List<double>();
        int chunks = 0, unmatched = 0;
        List<(long Ticks, string Base64)> reads;
        lock (input.Reads) reads = input.Reads.ToList();
        var readCounts = reads.GroupBy(r => r.Base64).ToDictionary(g => g.Key, g => g.Count());
        foreach ((long ticks, string key) in reads)
        {
            if (ticks < from || ticks > to) continue;
            if (readCounts[key] > 1 || duplicates.Contains(key)) continue; // silence or a repeat: not attributable
            chunks++;
            if (arrivals.TryGetValue(key, out long arrived)) ms.Add((arrived - ticks) / (double)TimeSpan.TicksPerMillisecond);
            else unmatched++;
        }
        if (ms.Count == 0) throw new InvalidOperationException($"no captured chunk found in the emulator's traffic ({reads.Count} reads, {arrivals.Count} audio frames).");
        return new CaptureResult(ms.ToArray(), chunks, unmatched, streams.CaptureChunk.TotalMilliseconds);
    }
}
