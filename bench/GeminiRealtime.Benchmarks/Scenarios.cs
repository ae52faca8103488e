using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GeminiRealtime.Emulator;

namespace GeminiRealtime.Benchmarks;

/// <summary>Settings of one full run (Program.cs parses them).</summary>
public sealed class RunSettings
{
    public string OutFile { get; set; } = "results.md";
    public string ArtifactsPath { get; set; } = Path.Combine(Path.GetTempPath(), "GeminiRealtime.Bench.Artifacts");
    public string? ModulePath { get; set; }
    public string? PwshHost { get; set; }
    public string? PwshDll { get; set; }
    public string? PwshVersion { get; set; }
    public string Node { get; set; } = "node";
    public string? JsDirectory { get; set; }
    public bool Quick { get; set; }
    public bool SkipMicro { get; set; }
}

/// <summary>
/// The orchestrator: BenchmarkDotNet micro benchmarks in-process, then scenarios against an in-process emulator with our
/// client and the official JS SDK as child processes (side by side, same run), then bench/results.md.
/// </summary>
public sealed class Scenarios
{
    private const string Key = "bench-key";
    private readonly RunSettings _s;
    private readonly StringBuilder _md = new();
    private readonly List<string> _notes = new();

    public Scenarios(RunSettings settings) => _s = settings;

    public async Task<int> RunAsync()
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var micro = _s.SkipMicro ? null : RunMicro();
        var duplex = await Step("duplex", RunDuplex);
        var memory = await Step("memory", RunMemory);
        var tools = await Step("tools", RunTools);
        var startup = await Step("startup", RunStartup);
        var audio = await Step("audio", RunAudio);
        Write(started, micro, duplex, memory, tools, startup, audio);
        Console.WriteLine($"Wrote {_s.OutFile} in {(DateTimeOffset.UtcNow - started).TotalMinutes:0.0} min.");
        return 0;
    }

    private async Task<T?> Step<T>(string name, Func<Task<T>> step) where T : class
    {
        Console.WriteLine($"== {name} ==");
        try
        {
            return await step();
        }
        catch (Exception ex)
        {
            _notes.Add($"{name}: failed: {ex.GetType().Name}: {ex.Message}");
            Console.Error.WriteLine($"{name} failed: {ex}");
            return null;
        }
    }

    // ---------------------------------------------------------------- micro (BenchmarkDotNet)

    public sealed record MicroRow(string Category, string Method, string Param, double MeanNs, double? ErrorNs, long? AllocBytes, bool Baseline);

    private List<MicroRow> RunMicro()
    {
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(_s.ArtifactsPath);
        var rows = new List<MicroRow>();
        foreach ((string category, Type type) in new[] { ("receive", typeof(ReceiveBenchmarks)), ("send", typeof(SendBenchmarks)) })
        {
            Summary summary = BenchmarkRunner.Run(type, config);
            foreach (BenchmarkReport report in summary.Reports)
            {
                var bc = report.BenchmarkCase;
                string param = bc.HasParameters ? string.Join(",", bc.Parameters.Items.Select(p => p.Value?.ToString())) : "640";
                long? alloc = report.GcStats.GetBytesAllocatedPerOperation(bc);
                rows.Add(new MicroRow(category, bc.Descriptor.WorkloadMethodDisplayInfo, param,
                    report.ResultStatistics?.Mean ?? double.NaN, report.ResultStatistics?.StandardError, alloc, bc.Descriptor.Baseline));
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------- duplex CPU

    public sealed record DuplexRun(string Client, double CpuMs, double UserMs, double SystemMs, double WallMs, long PcmBytes, long ChunksSent, JsonElement Raw);

    private async Task<List<DuplexRun>> RunDuplex()
    {
        await using GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0, RecordTraffic = false });
        var runs = new List<DuplexRun>();
        int rounds = _s.Quick ? 1 : 3;
        for (int i = 0; i < rounds; i++)
        {
            runs.Add(ParseDuplex("ours", RunSelf(["duplex-client", emulator.Endpoint.ToString(), "1"], TimeSpan.FromMinutes(3))));
            if (JsAvailable)
                runs.Add(ParseDuplex("js", RunNode("duplex.mjs", [emulator.Endpoint.ToString(), Key, "1"], TimeSpan.FromMinutes(3))));
        }
        return runs;
    }

    private static DuplexRun ParseDuplex(string client, ProcessResult result)
    {
        using JsonDocument doc = JsonDocument.Parse(result.JsonLine);
        JsonElement r = doc.RootElement.Clone();
        if (r.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.String)
            throw new InvalidOperationException($"{client} duplex run failed: {error.GetString()}");
        return new DuplexRun(client, r.GetProperty("cpuMs").GetDouble(), r.GetProperty("userMs").GetDouble(), r.GetProperty("systemMs").GetDouble(),
            r.GetProperty("wallMs").GetDouble(), r.GetProperty("pcmBytes").GetInt64(), r.GetProperty("chunksSent").GetInt64(), r);
    }

    // ---------------------------------------------------------------- memory (60 accelerated minutes)

    public sealed record MemoryResult(JsonElement Root);

    private async Task<MemoryResult> RunMemory()
    {
        await using GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0, RecordTraffic = false });
        string minutes = _s.Quick ? "5" : "60";
        ProcessResult result = RunSelf(["duplex-client", emulator.Endpoint.ToString(), minutes], TimeSpan.FromMinutes(8));
        using JsonDocument doc = JsonDocument.Parse(result.JsonLine);
        return new MemoryResult(doc.RootElement.Clone());
    }

    // ---------------------------------------------------------------- tool round trip

    public sealed record ToolStats(string Client, int Count, double ClientP50, double ClientP99, double ServerP50, double ServerP99, double ServerMax);

    private async Task<List<ToolStats>> RunTools()
    {
        int turns = _s.Quick ? 40 : 200;
        const int warmup = 10;
        var stats = new List<ToolStats>();
        await using (GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0 }))
        {
            ProcessResult ours = RunSelf(["tool-client", emulator.Endpoint.ToString(), turns.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(3));
            stats.Add(ToolStatsOf("ours (C# handler, engine)", ours, emulator, warmup));
        }
        if (JsAvailable)
        {
            await using GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0 });
            ProcessResult js = RunNode("tool.mjs", [emulator.Endpoint.ToString(), Key, turns.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(3));
            stats.Add(ToolStatsOf("official JS SDK (JS function)", js, emulator, warmup));
        }
        try
        {
            ToolStats? scriptBlock = await MeasureScriptBlockToolRoundTrip(turns, warmup);
            if (scriptBlock != null) stats.Add(scriptBlock);
        }
        catch (Exception ex)
        {
            _notes.Add($"tools: the scriptblock tool round trip failed: {ex.GetType().Name}: {ex.Message}");
            Console.Error.WriteLine($"scriptblock tool failed: {ex}");
        }
        return stats;
    }

    /// <summary>
    /// The PowerShell path — toolCall → the session's queue → the user's scriptblock in a nested pipeline on the pipeline
    /// thread of Send-GeminiText → toolResponse — through the cmdlets: a fresh pwsh child imports the built module,
    /// registers <c>Register-GeminiTool -Name Echo -ScriptBlock { param([string]$Text) $Text }</c>, connects to a fresh
    /// emulator (TimeScale 0) with <c>-Tool</c> and sends N turns whose text names the tool (<c>Send-GeminiText</c>, which
    /// waits for the turn and runs the tool). Server side from the emulator's traffic, exactly as for the C# and JS rows;
    /// client side = <c>ToolCallRecord.Elapsed</c> (the dispatcher starting the call → its toolResponse handed to the socket).
    /// </summary>
    private async Task<ToolStats?> MeasureScriptBlockToolRoundTrip(int turns, int warmup)
    {
        if (_s.PwshHost == null || _s.ModulePath == null)
        {
            _notes.Add("tools: no -ModulePath/pwsh given, the scriptblock tool round trip was not measured.");
            return null;
        }
        await using GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0 });
        string module = _s.ModulePath.Replace("'", "''");
        string script = $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{module}}'
            Register-GeminiTool -Name Echo -ScriptBlock { param([string]$Text) $Text }
            $s = Connect-GeminiRealtime -Endpoint '{{emulator.Endpoint}}' -ApiKey '{{Key}}' -Tool (Get-GeminiTool -Name Echo)
            $ms = [Collections.Generic.List[double]]::new()
            foreach ($i in 1..{{turns}}) {
                $reply = Send-GeminiText -Session $s -Text "please call Echo Text=hello$i now"
                foreach ($call in $reply.ToolCalls) { if ($call.Elapsed) { $ms.Add($call.Elapsed.TotalMilliseconds) } }
                if ($reply.ToolCalls.Count -ne 1 -or $reply.ToolCalls[0].ResponseJson -ne ('{"output":"hello' + $i + '"}')) { throw "turn ${i}: unexpected tool result: $($reply.ToolCalls | ConvertTo-Json -Compress)" }
            }
            Disconnect-GeminiRealtime -Session $s
            [pscustomobject]@{ client = 'pwsh'; turns = {{turns}}; clientMs = $ms } | ConvertTo-Json -Compress -Depth 3
            """;
        string[] args = _s.PwshDll != null
            ? [_s.PwshDll, "-NoProfile", "-NonInteractive", "-Command", script]
            : ["-NoProfile", "-NonInteractive", "-Command", script];
        ProcessResult result = Check(ProcessRunner.Run(_s.PwshHost, args, TimeSpan.FromMinutes(4)));
        return ToolStatsOf("PowerShell scriptblock tool (cmdlets)", result, emulator, warmup);
    }

    private static ToolStats ToolStatsOf(string client, ProcessResult result, GeminiEmulator emulator, int warmup)
    {
        using JsonDocument doc = JsonDocument.Parse(result.JsonLine);
        JsonElement root = doc.RootElement;
        if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.String)
            throw new InvalidOperationException($"{client}: {error.GetString()}");
        double[] clientMs = root.GetProperty("clientMs").EnumerateArray().Select(e => e.GetDouble()).Skip(warmup).ToArray();

        // Server side, identical for both clients: toolCall frame written → toolResponse frame read, from the emulator's traffic.
        var serverMs = new List<double>();
        DateTimeOffset? callSent = null;
        foreach (EmulatorTrafficRecord record in emulator.Traffic)
        {
            if (record.Direction == EmulatorTrafficDirection.ServerToClient && record.ByteCount < 4096 && record.Text.Contains("\"toolCall\"", StringComparison.Ordinal))
                callSent = record.Time;
            else if (record.Direction == EmulatorTrafficDirection.ClientToServer && callSent != null && record.ByteCount < 4096
                && (record.Text.Contains("toolResponse", StringComparison.Ordinal) || record.Text.Contains("tool_response", StringComparison.Ordinal)))
            {
                serverMs.Add((record.Time - callSent.Value).TotalMilliseconds);
                callSent = null;
            }
        }
        double[] server = serverMs.Skip(warmup).ToArray();
        if (server.Length == 0) throw new InvalidOperationException($"{client}: no toolCall/toolResponse pairs in the emulator's traffic.");
        return new ToolStats(client, server.Length, Percentile(clientMs, 0.5), Percentile(clientMs, 0.99), Percentile(server, 0.5), Percentile(server, 0.99), server.Max());
    }

    // ---------------------------------------------------------------- real audio path (PulseAudio null sinks)

    internal sealed record AudioResult(string? Unavailable, AudioScenarios.BargeInResult? BargeIn, string? BargeInError, AudioScenarios.CaptureResult? Capture, string? CaptureError);

    private async Task<AudioResult> RunAudio()
    {
        using PulseFixture? pulse = PulseFixture.Start(out string? whyNot);
        if (pulse == null) return new AudioResult(whyNot ?? "PulseAudio could not be started", null, null, null, null);
        AudioScenarios.BargeInResult? bargeIn = null;
        AudioScenarios.CaptureResult? capture = null;
        string? bargeInError = null, captureError = null;
        try
        {
            bargeIn = await AudioScenarios.BargeInAsync(rounds: _s.Quick ? 8 : 30, warmup: 2);
        }
        catch (Exception ex)
        {
            bargeInError = $"{ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine($"barge-in failed: {ex}");
        }
        try
        {
            capture = await AudioScenarios.CaptureAsync(pulse, TimeSpan.FromSeconds(_s.Quick ? 3 : 8));
        }
        catch (Exception ex)
        {
            captureError = $"{ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine($"capture failed: {ex}");
        }
        return new AudioResult(null, bargeIn, bargeInError, capture, captureError);
    }

    // ---------------------------------------------------------------- start-up

    public sealed record StartupRow(string What, double MedianMs, double MinMs, int Runs);

    private async Task<List<StartupRow>> RunStartup()
    {
        await using GeminiEmulator emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0, RecordTraffic = false });
        string endpoint = emulator.Endpoint.ToString();
        int runs = _s.Quick ? 2 : 5;
        var cases = new List<(string What, Func<ProcessResult> Run)>();
        if (_s.PwshHost != null && _s.ModulePath != null)
        {
            string[] Pwsh(string command) => _s.PwshDll != null
                ? [_s.PwshDll, "-NoProfile", "-NonInteractive", "-Command", command]
                : ["-NoProfile", "-NonInteractive", "-Command", command];
            string module = _s.ModulePath.Replace("'", "''");
            cases.Add(("pwsh: start only (`exit`)", () => ProcessRunner.Run(_s.PwshHost, Pwsh("exit 0"), TimeSpan.FromMinutes(1))));
            cases.Add(("pwsh: Import-Module GeminiRealtime", () => ProcessRunner.Run(_s.PwshHost, Pwsh($"Import-Module '{module}'; exit 0"), TimeSpan.FromMinutes(1))));
            cases.Add(("pwsh: Import-Module + Connect-GeminiRealtime + Disconnect", () => ProcessRunner.Run(_s.PwshHost,
                Pwsh($"$ErrorActionPreference = 'Stop'; Import-Module '{module}'; $null = Connect-GeminiRealtime -Endpoint '{endpoint}' -ApiKey '{Key}'; Disconnect-GeminiRealtime; exit 0"),
                TimeSpan.FromMinutes(1))));
        }
        else
        {
            _notes.Add("start-up: no -ModulePath/pwsh given, PowerShell start-up not measured.");
        }
        if (JsAvailable)
        {
            cases.Add(("node: start only (`node -e 0`)", () => ProcessRunner.Run(_s.Node, ["-e", "0"], TimeSpan.FromMinutes(1))));
            cases.Add(("node: import @google/genai + live.connect + close", () => RunNode("connect.mjs", [endpoint, Key], TimeSpan.FromMinutes(1))));
        }
        var times = cases.Select(_ => new List<double>()).ToList();
        for (int r = 0; r < runs + 1; r++)
        {
            for (int c = 0; c < cases.Count; c++)
            {
                ProcessResult result = cases[c].Run();
                if (result.ExitCode != 0) throw new InvalidOperationException($"{cases[c].What} exited {result.ExitCode}: {result.StdErr}{result.StdOut}");
                if (r > 0) times[c].Add(result.WallMs); // round 0 warms the disk cache for every case alike
            }
        }
        return cases.Select((c, i) => new StartupRow(c.What, Percentile(times[i].ToArray(), 0.5), times[i].Min(), times[i].Count)).ToList();
    }

    // ---------------------------------------------------------------- helpers

    private bool JsAvailable => _s.JsDirectory != null && Directory.Exists(Path.Combine(_s.JsDirectory, "node_modules", "@google", "genai"));

    private ProcessResult RunNode(string script, string[] args, TimeSpan timeout)
        => Check(ProcessRunner.Run(_s.Node, new[] { Path.Combine(_s.JsDirectory!, script) }.Concat(args), timeout, _s.JsDirectory));

    private static ProcessResult RunSelf(string[] args, TimeSpan timeout)
    {
        string self = Environment.ProcessPath!;
        string dll = typeof(Scenarios).Assembly.Location;
        return Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? Check(ProcessRunner.Run(self, new[] { dll }.Concat(args), timeout))
            : Check(ProcessRunner.Run(self, args, timeout));
    }

    private static ProcessResult Check(ProcessResult result)
        => result.ExitCode == 0 ? result : throw new InvalidOperationException($"exit {result.ExitCode}: {result.StdErr} {result.StdOut}".Trim());

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0) return double.NaN;
        double[] sorted = values.OrderBy(v => v).ToArray();
        int rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static double Median(IEnumerable<double> values) => Percentile(values.ToArray(), 0.5);

    // ---------------------------------------------------------------- results.md

    private void Write(DateTimeOffset started, List<MicroRow>? micro, List<DuplexRun>? duplex, MemoryResult? memory, List<ToolStats>? tools, List<StartupRow>? startup, AudioResult? audio)
    {
        var md = _md;
        md.AppendLine("# Benchmark results");
        md.AppendLine();
        md.AppendLine("Written by `./build.ps1 Bench` (bench/Invoke-Benchmarks.ps1 → bench/GeminiRealtime.Benchmarks). Every comparison is a **ratio measured side by side in one run** on the machine below; absolute numbers only mean something on that machine.");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| Date (UTC) | {started:yyyy-MM-dd HH:mm} |");
        md.AppendLine($"| Cores (`nproc`) | {Environment.ProcessorCount} |");
        md.AppendLine($"| CPU | {CpuModel()} |");
        md.AppendLine($"| OS | {OsName()} ({RuntimeInformation.OSArchitecture}) |");
        md.AppendLine($"| .NET | {RuntimeInformation.FrameworkDescription} (SDK {ProcessRunner.TryOutput("dotnet", "--version") ?? "?"}) |");
        md.AppendLine($"| PowerShell | {_s.PwshVersion ?? "?"} |");
        md.AppendLine($"| Node / SDK | {ProcessRunner.TryOutput(_s.Node, "--version") ?? "not found"} / @google/genai {JsSdkVersion() ?? "not installed"} |");
        md.AppendLine($"| BenchmarkDotNet | 0.15.8, Job ShortRun (1 launch, 3 warm-ups, 3 iterations), InProcessEmit toolchain, MemoryDiagnoser |");
        md.AppendLine();

        WriteMicro(md, micro);
        WriteDuplex(md, duplex);
        WriteTools(md, tools);
        WriteStartup(md, startup);
        WriteMemory(md, memory);
        WriteAudio(md, audio);

        md.AppendLine("## Not measured yet");
        md.AppendLine();
        md.AppendLine("- **Barge-in from real speech**: the barge-in rows start at the `interrupted` message (triggered by `activityStart`); the emulator's speech detection before it (\"ears\", 40 ms of voiced audio by default) and the user's own reaction are not part of them.");
        md.AppendLine("- **Audio devices other than PulseAudio null sinks** (real sound cards, PipeWire, WinMM, Sox on macOS): their buffers differ; only the PulseAudio path is measured here.");
        md.AppendLine("- **Emulator audio input**: the emulator's ears hear the uploaded tone as one unbroken utterance and never answer it, so the duplex minute measures sending the audio, not a reply to it.");
        md.AppendLine();
        if (_notes.Count > 0)
        {
            md.AppendLine("## Problems in this run");
            md.AppendLine();
            foreach (string note in _notes) md.AppendLine("- " + note);
            md.AppendLine();
        }
        md.AppendLine($"Run took {(DateTimeOffset.UtcNow - started).TotalMinutes:0.0} min{(_s.Quick ? " (quick mode: fewer rounds)" : string.Empty)}.");
        File.WriteAllText(_s.OutFile, md.ToString().Replace("\r\n", "\n"));
    }

    private static void WriteMicro(StringBuilder md, List<MicroRow>? micro)
    {
        md.AppendLine("## Receive path: server audio frame → PCM");
        md.AppendLine();
        md.AppendLine("One whole frame as the service sends it (binary, 2-space pretty-printed JSON, `serverContent.modelTurn.parts[0].inlineData`; the 9600-byte one is the recorded `protocol-samples/09-server-modelTurn-audio-9600B.gemini.json`, the 11520-byte one has the same shape) decoded by `ProtocolJson.DeserializeServerMessage` into pooled PCM, then disposed. The limit is plain `Base64.DecodeFromUtf8` of the same base64 payload into a ready buffer (no JSON, no allocation).");
        md.AppendLine();
        if (micro == null) { md.AppendLine("Not run (-SkipMicro)."); md.AppendLine(); return; }
        md.AppendLine("| PCM bytes | Method | Mean | PCM throughput | Allocated / frame | Ratio to limit |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|");
        foreach (var group in micro.Where(r => r.Category == "receive").GroupBy(r => r.Param))
        {
            MicroRow? baseline = group.FirstOrDefault(r => r.Baseline);
            foreach (MicroRow row in group.OrderByDescending(r => r.Baseline))
            {
                double bytes = double.Parse(row.Param, CultureInfo.InvariantCulture);
                double mbps = bytes / (row.MeanNs / 1e9) / 1e6;
                md.AppendLine($"| {row.Param} | {row.Method} | {Ns(row.MeanNs)} | {mbps:0} MB/s | {Bytes(row.AllocBytes)} | {Ratio(row, baseline)} |");
            }
        }
        md.AppendLine();
        md.AppendLine("## Send path: 20 ms mic chunk → realtimeInput frame");
        md.AppendLine();
        md.AppendLine("640 bytes of 16 kHz s16le PCM into `{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate=16000\",\"data\":\"…\"}}}` (byte-identical output, checked in setup). Ours: the `ClientMessage` an app builds + `ProtocolJson.SerializeClientMessage` (what `GeminiSession.SendAsync` encodes; the session then adds an `OutgoingMessage` and a `TaskCompletionSource` per send). The theoretical minimum: the fixed envelope bytes copied around `Base64.EncodeToUtf8` into a ready buffer.");
        md.AppendLine();
        md.AppendLine("| Method | Mean | Allocated / frame | Ratio to minimum |");
        md.AppendLine("|---|---:|---:|---:|");
        MicroRow? sendBase = micro.FirstOrDefault(r => r.Category == "send" && r.Baseline);
        foreach (MicroRow row in micro.Where(r => r.Category == "send").OrderByDescending(r => r.Baseline))
            md.AppendLine($"| {row.Method} | {Ns(row.MeanNs)} | {Bytes(row.AllocBytes)} | {Ratio(row, sendBase)} |");
        md.AppendLine();
    }

    private static void WriteDuplex(StringBuilder md, List<DuplexRun>? duplex)
    {
        md.AppendLine("## Duplex CPU: one simulated audio minute against the emulator");
        md.AppendLine();
        md.AppendLine("Each client is its own child process talking over a real loopback socket to the same in-process emulator (TimeScale 0: no pacing, as fast as possible). Measured inside the client process, after connect and a warm-up (1 turn + 50 chunks): process CPU time (user + system, all threads incl. GC) for");
        md.AppendLine($"- **up**: {DuplexWork.ChunksPerMinute} mic chunks of {DuplexWork.ChunkBytes} bytes (20 ms of 16 kHz s16le = 60 s), each a `realtimeInput.audio` message (JS: base64-encoded by the app, `session.sendRealtimeInput`; ours: `GeminiSession.SendAsync` on the media lane, 32 in flight);");
        md.AppendLine($"- **down**: {DuplexWork.TurnsPerMinute} `realtimeInput.text` turns of 90 characters, one after the other, whose replies (\"You said: …\", 100 characters = 6 s each) are 60 s of 24 kHz audio = {DuplexWork.ReplyPcmBytesPerMinute:N0} PCM bytes in 9600/11520-byte chunks, every chunk decoded to PCM bytes (JS: `Buffer.from(data, 'base64')`), plus the transcription, `generationComplete`, `turnComplete` + usage and resumption messages.");
        md.AppendLine("The emulator's speech detection hears the uploaded 440 Hz tone as one utterance that never pauses, so it never answers it (the PCM received shows only the text turns were answered); the replies are to the text turns. Wall time is dominated by the emulator (same process hosts it for both).");
        md.AppendLine();
        if (duplex == null || duplex.Count == 0) { md.AppendLine("Not measured (see Problems)."); md.AppendLine(); return; }
        md.AppendLine("| Client | Runs | CPU-ms per audio minute (median) | user / system ms | Wall ms | PCM bytes received |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in duplex.GroupBy(r => r.Client))
        {
            DuplexRun med = group.OrderBy(r => r.CpuMs).ElementAt(group.Count() / 2);
            string name = group.Key == "ours" ? "ours (GeminiRealtime engine, .NET)" : "official JS SDK (@google/genai, Node)";
            md.AppendLine($"| {name} | {group.Count()} | **{med.CpuMs:0}** (all: {string.Join(", ", group.Select(r => r.CpuMs.ToString("0", CultureInfo.InvariantCulture)))}) | {med.UserMs:0} / {med.SystemMs:0} | {med.WallMs:0} | {med.PcmBytes:N0} |");
        }
        double ours = Median(duplex.Where(r => r.Client == "ours").Select(r => r.CpuMs));
        double js = Median(duplex.Where(r => r.Client == "js").Select(r => r.CpuMs));
        md.AppendLine();
        if (!double.IsNaN(ours) && !double.IsNaN(js))
            md.AppendLine($"**Ratio: ours / JS SDK = {ours / js:0.00}** (CPU-ms per audio minute, medians; < 1 means we use less CPU). Per audio minute of wall-clock conversation that is {ours / 600.0:0.00} % of one core for ours and {js / 600.0:0.00} % for the JS SDK.");
        else
            md.AppendLine("Ratio: not available (the JS SDK run is missing).");
        md.AppendLine();
    }

    private static void WriteTools(StringBuilder md, List<ToolStats>? tools)
    {
        md.AppendLine("## Tool round trip: toolCall received → toolResponse sent");
        md.AppendLine();
        md.AppendLine("A trivial handler returning `{\"ok\": true}` for a declared function `get_status`, one call per turn, against a fresh emulator (TimeScale 0) per client; the first 10 of each series are warm-up and dropped. **Server side** (the same measurement for both clients): from the emulator having written the `toolCall` frame to it having read the whole `toolResponse` frame — loopback transit, client decode, dispatch, handler, encode and send. **Client side** (not comparable between the two): ours = `message.ReceivedAt` (set by the receive loop after decoding) → `SendToolResponseAsync` completed (frame handed to the socket); JS = start of the `onmessage` callback (already decoded) → `session.sendToolResponse` returned.");
        md.AppendLine();
        if (tools == null || tools.Count == 0) { md.AppendLine("Not measured (see Problems)."); md.AppendLine(); return; }
        md.AppendLine("| Path | Calls | Server-side p50 | p99 | max | Client-side p50 | p99 |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (ToolStats t in tools)
            md.AppendLine($"| {t.Client} | {t.Count} | **{t.ServerP50:0.000} ms** | {t.ServerP99:0.000} ms | {t.ServerMax:0.000} ms | {t.ClientP50:0.000} ms | {t.ClientP99:0.000} ms |");
        ToolStats? ours = tools.FirstOrDefault(t => t.Client.StartsWith("ours", StringComparison.Ordinal));
        ToolStats? js = tools.FirstOrDefault(t => t.Client.Contains("JS", StringComparison.Ordinal));
        ToolStats? sb = tools.FirstOrDefault(t => t.Client.Contains("scriptblock", StringComparison.Ordinal));
        if (sb == null) md.AppendLine("| PowerShell scriptblock tool (cmdlets) | – | not measured (see Problems) | | | | |");
        md.AppendLine();
        if (ours != null && js != null)
            md.AppendLine($"**Ratio (server-side p50): ours / JS SDK = {ours.ServerP50 / js.ServerP50:0.00}**; p99: {ours.ServerP99 / js.ServerP99:0.00}.");
        if (sb != null)
        {
            md.AppendLine();
            md.AppendLine("The scriptblock row: a fresh `pwsh` child (the built module) runs `Register-GeminiTool -Name Echo -ScriptBlock { param([string]$Text) $Text }`, `Connect-GeminiRealtime -Tool (Get-GeminiTool -Name Echo)` and one `Send-GeminiText \"please call Echo Text=hello<i> now\"` per turn, which waits for the turn and runs the tool in a nested pipeline on its own pipeline thread (every answer checked: `{\"output\":\"hello<i>\"}`). Server side exactly as above; client side = `ToolCallRecord.Elapsed` (the dispatcher starting the call on the pipeline thread → that thread seeing the toolResponse send completed; the hop from the receive loop to the pipeline thread is only in the server-side number, and the wake-up after the send is only in the client-side one, which is why the latter can be the larger).");
            md.AppendLine();
            string vsOurs = ours != null ? $"scriptblock / C# handler = {sb.ServerP50 / ours.ServerP50:0.00}× (p99 {sb.ServerP99 / ours.ServerP99:0.00}×)" : "C# handler row missing";
            string vsJs = js != null ? $"scriptblock / JS SDK = {sb.ServerP50 / js.ServerP50:0.00}× (p99 {sb.ServerP99 / js.ServerP99:0.00}×)" : "JS SDK row missing";
            md.AppendLine($"**Ratio (server-side p50): {vsOurs}; {vsJs}.** The PowerShell cost per call (server-side p50 minus the C# handler's): {(ours != null ? (sb.ServerP50 - ours.ServerP50).ToString("0.000", CultureInfo.InvariantCulture) + " ms" : "?")}.");
        }
        md.AppendLine();
    }

    private static string Dist(double[] v) => v.Length == 0 ? "–" :
        $"{v.Min():0.0} | **{Percentile(v, 0.5):0.0}** | {Percentile(v, 0.9):0.0} | {v.Max():0.0}";

    private static void WriteAudio(StringBuilder md, AudioResult? audio)
    {
        md.AppendLine("## Real audio path: barge-in and capture latency (PulseAudio null sinks)");
        md.AppendLine();
        md.AppendLine("The bench starts its own headless PulseAudio (as root, no systemd/D-Bus, runtime folder /tmp/gemini-pa-bench) the way tests/audio/pulse-null-sink.sh does: two 48 kHz mono null sinks, `speaker` (the module plays here) and `room` (the bench plays here; the module's microphone is `room.monitor`), both kept awake by a `pacat` stream of zeros. The module runs in the bench process: `VoiceConversation` with the real `PulseBackend` streams (capture chunk 20 ms, device playback buffer (tlength) 60 ms, prebuffer 60 ms) against an in-process emulator. Times are wall-clock (`DateTimeOffset.UtcNow`) in that one process.");
        md.AppendLine();
        if (audio == null) { md.AppendLine("Not measured (see Problems)."); md.AppendLine(); return; }
        if (audio.Unavailable != null)
        {
            md.AppendLine($"**Not measured in this run: {audio.Unavailable}.** Barge-in and capture latency need a PulseAudio server; the rest of the run is unaffected.");
            md.AppendLine();
            return;
        }
        md.AppendLine("### Barge-in: `interrupted` arrival → output silent at the sink monitor");
        md.AppendLine();
        md.AppendLine("One conversation (manual activity, full duplex, silent mic). Each round sends a text turn whose spoken reply lasts about 5 s (emulator TimeScale 1: real-time pacing); once the reply has been audible at `speaker.monitor` for 250–750 ms (varied per round, so the cut lands anywhere in a word), the bench sends `activityStart`, the emulator answers `interrupted`, the voice loop flushes the player (`AudioPlayer.FlushAsync` → `pa_simple_flush`), then `activityEnd` with no audio (no new turn). The first 2 rounds are warm-up and dropped. **Start**: `VoiceTurn.InterruptedAt` (the receive task handling `interrupted`). **End**: the first sample of the lasting silence (≥ 300 ms with |x| < 100, i.e. under -50 dBFS) recorded from `speaker.monitor` (16 kHz, 10 ms fragments, each sample timed as its fragment's read-return stamp minus the samples after it, so the monitor's own record latency, up to about one fragment, is included); a cut that lands in the 30 ms pause between two words counts as 0 ms. Also shown: until `pa_simple_flush` returned (`VoiceTurn.BargeInStopLatency`).");
        md.AppendLine();
        if (audio.BargeIn is { } b)
        {
            md.AppendLine("| What | n | min ms | p50 ms | p90 ms | max ms |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            md.AppendLine($"| `interrupted` → silent at speaker.monitor | {b.SilentMs.Length} | {Dist(b.SilentMs)} |");
            md.AppendLine($"| `interrupted` → device flush returned | {b.FlushMs.Length} | {Dist(b.FlushMs)} |");
            md.AppendLine();
            double[] ratios = b.SilentMs.Select(v => v / b.DeviceBufferMs).ToArray();
            md.AppendLine($"**Ratio to the device buffer ({b.DeviceBufferMs:0} ms): p50 {Percentile(ratios, 0.5):0.00}×, p90 {Percentile(ratios, 0.9):0.00}×, max {ratios.Max():0.00}×** (< 1: silent before one device buffer's worth of audio has played; without the flush at least the 60 ms already in the device would still be heard). {b.SilentMs.Length} of {b.Attempts} measured rounds gave a value; {b.AlreadySilent} landed in a pause between words (0 ms).");
        }
        else md.AppendLine($"Failed in this run: {audio.BargeInError}.");
        md.AppendLine();
        md.AppendLine("### Capture latency: device read returned → audio frame at the emulator");
        md.AppendLine();
        md.AppendLine("One conversation (server activity, full duplex) capturing `room.monitor` through the real PulseAudio input, wrapped (bench side, no engine change) to stamp each 20 ms chunk the moment `pa_simple_read` returns it to the capture thread. Low-level noise (uniform ±100, -55 dBFS, under every speech threshold so no turn starts) is played into `room` with `pacat`, which makes every chunk unique; each stamped chunk is found by its base64 in the `realtimeInput.audio` frames of the emulator's traffic log (TimeScale 0), stamped when the emulator had read the whole frame. So a value is: capture thread (level, half-duplex/VAD bookkeeping, copy) → `SendAudioAsync` on the media lane → base64 + JSON encode → send loop → WebSocket write → loopback → emulator frame read. Not included: the age of the samples inside the chunk when the read returns (the oldest is one chunk, 20 ms, older; 10 ms on average) and PulseAudio's own source latency before the read (for a null-sink monitor about one fragment).");
        md.AppendLine();
        if (audio.Capture is { } c)
        {
            double[] withChunk = c.Ms.Select(v => v + c.ChunkMs / 2).ToArray();
            md.AppendLine("| What | n | min ms | p50 ms | p90 ms | max ms |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            md.AppendLine($"| chunk read returned → frame read by the emulator | {c.Ms.Length} | {Dist(c.Ms)} |");
            md.AppendLine($"| + mean sample age in the chunk ({c.ChunkMs / 2:0} ms) | {c.Ms.Length} | {Dist(withChunk)} |");
            md.AppendLine();
            md.AppendLine($"**Ratio to the capture chunk ({c.ChunkMs:0} ms): p50 {Percentile(c.Ms, 0.5) / c.ChunkMs:0.000}×, p90 {Percentile(c.Ms, 0.9) / c.ChunkMs:0.000}×** — the engine's share of capture latency next to the chunking it cannot avoid. {c.Chunks} unique chunks in the measured window, {c.Unmatched} not found in the traffic log (dropped or not yet sent).");
        }
        else md.AppendLine($"Failed in this run: {audio.CaptureError}.");
        md.AppendLine();
    }

    private static void WriteStartup(StringBuilder md, List<StartupRow>? startup)
    {
        md.AppendLine("## Start-up: cold process → connected");
        md.AppendLine();
        md.AppendLine("Fresh process each time, wall time from process start to exit, against an emulator already running; the first round of every case is discarded (it only warms the disk cache), the rest alternate between cases. PowerShell runs as the repo's local dotnet tool (`dotnet pwsh.dll`), `-NoProfile -NonInteractive`.");
        md.AppendLine();
        if (startup == null || startup.Count == 0) { md.AppendLine("Not measured (see Problems)."); md.AppendLine(); return; }
        md.AppendLine("| What | Runs | Median | Min |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (StartupRow row in startup) md.AppendLine($"| {row.What} | {row.Runs} | {row.MedianMs:0} ms | {row.MinMs:0} ms |");
        StartupRow? pwshStart = startup.FirstOrDefault(r => r.What.StartsWith("pwsh: start", StringComparison.Ordinal));
        StartupRow? pwshImport = startup.FirstOrDefault(r => r.What.StartsWith("pwsh: Import-Module GeminiRealtime", StringComparison.Ordinal));
        StartupRow? pwshConnect = startup.FirstOrDefault(r => r.What.Contains("Connect-GeminiRealtime", StringComparison.Ordinal));
        StartupRow? nodeStart = startup.FirstOrDefault(r => r.What.StartsWith("node: start", StringComparison.Ordinal));
        StartupRow? nodeConnect = startup.FirstOrDefault(r => r.What.Contains("live.connect", StringComparison.Ordinal));
        md.AppendLine();
        if (pwshConnect != null && nodeConnect != null)
            md.AppendLine($"**Ratio (cold, total): PowerShell module / JS SDK = {pwshConnect.MedianMs / nodeConnect.MedianMs:0.0}×.**");
        if (pwshStart != null && pwshConnect != null && nodeStart != null && nodeConnect != null)
            md.AppendLine($"Above the bare runtime start: ours adds {pwshConnect.MedianMs - pwshStart.MedianMs:0} ms (of which Import-Module {(pwshImport != null ? (pwshImport.MedianMs - pwshStart.MedianMs).ToString("0", CultureInfo.InvariantCulture) : "?")} ms), the JS SDK adds {nodeConnect.MedianMs - nodeStart.MedianMs:0} ms: ratio {(pwshConnect.MedianMs - pwshStart.MedianMs) / (nodeConnect.MedianMs - nodeStart.MedianMs):0.0}×. Most of the PowerShell total is PowerShell's own start.");
        md.AppendLine();
    }

    private static void WriteMemory(StringBuilder md, MemoryResult? memory)
    {
        md.AppendLine("## Memory: a simulated 60-minute duplex session at accelerated speed");
        md.AppendLine();
        md.AppendLine("Our client alone in a child process, one session, the duplex minute above repeated back to back (TimeScale 0), sampled after every simulated minute: working set, GC heap (`GC.GetTotalMemory(false)`), heap size after the last GC, bytes allocated during the minute.");
        md.AppendLine();
        if (memory is not { Root: var m }) { md.AppendLine("Not measured (see Problems)."); md.AppendLine(); return; }
        var samples = m.GetProperty("samples").EnumerateArray().ToList();
        int minutes = m.GetProperty("minutes").GetInt32();
        md.AppendLine("| Simulated minute | Elapsed s | Working set MB | GC heap MB | Heap after last GC MB | Allocated in the minute MB |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|");
        var show = new HashSet<int> { 1, 2, 5, 10, 15, 20, 30, 40, 50, 60, minutes };
        foreach (JsonElement s in samples)
        {
            int minute = s.GetProperty("minute").GetInt32();
            if (!show.Contains(minute)) continue;
            md.AppendLine($"| {minute} | {s.GetProperty("seconds").GetDouble():0.0} | {s.GetProperty("workingSetMB").GetDouble():0.0} | {s.GetProperty("gcHeapMB").GetDouble():0.0} | {s.GetProperty("heapAfterLastGcMB").GetDouble():0.0} | {s.GetProperty("allocatedMB").GetDouble():0.0} |");
        }
        double allocPerMinute = m.GetProperty("allocatedBytes").GetDouble() / minutes / 1048576.0;
        md.AppendLine();
        if (samples.Count >= 4)
        {
            int from = Math.Min(samples.Count - 1, Math.Max(1, samples.Count / 6));
            double ws0 = samples[from].GetProperty("workingSetMB").GetDouble(), ws1 = samples[^1].GetProperty("workingSetMB").GetDouble();
            double h0 = samples[from].GetProperty("heapAfterLastGcMB").GetDouble(), h1 = samples[^1].GetProperty("heapAfterLastGcMB").GetDouble();
            int span = samples[^1].GetProperty("minute").GetInt32() - samples[from].GetProperty("minute").GetInt32();
            md.AppendLine($"From minute {samples[from].GetProperty("minute").GetInt32()} to {minutes}: working set {ws0:0.0} → {ws1:0.0} MB ({(ws1 - ws0) / Math.Max(1, span) * 60:+0.0;-0.0;0.0} MB per hour), heap after GC {h0:0.0} → {h1:0.0} MB. " +
                $"Allocations: **{allocPerMinute:0.0} MB per audio minute** ({m.GetProperty("allocatedBytes").GetDouble() / minutes / (DuplexWork.ChunksPerMinute + DuplexWork.ReplyPcmBytesPerMinute / 11520.0):N0} bytes per frame up or down, all frames counted); GCs gen0/1/2: {m.GetProperty("gen0").GetInt32()}/{m.GetProperty("gen1").GetInt32()}/{m.GetProperty("gen2").GetInt32()}. The {minutes} simulated minutes took {m.GetProperty("wallMs").GetDouble() / 1000:0} s.");
        }
        md.AppendLine();
    }

    private static string Ns(double ns) => double.IsNaN(ns) ? "–" : ns >= 1e6 ? $"{ns / 1e6:0.00} ms" : ns >= 1e3 ? $"{ns / 1e3:0.00} µs" : $"{ns:0.0} ns";

    private static string Bytes(long? bytes) => bytes is null ? "?" : $"{bytes:N0} B";

    private static string Ratio(MicroRow row, MicroRow? baseline)
        => row.Baseline ? "1.00 (limit)" : baseline == null ? "–" : $"**{row.MeanNs / baseline.MeanNs:0.00}×**";

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line != null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string OsName()
    {
        try
        {
            string? line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (line != null) return line["PRETTY_NAME=".Length..].Trim('"') + ", kernel " + Environment.OSVersion.Version;
        }
        catch (IOException) { }
        return RuntimeInformation.OSDescription;
    }

    private string? JsSdkVersion()
    {
        if (_s.JsDirectory == null) return null;
        string package = Path.Combine(_s.JsDirectory, "node_modules", "@google", "genai", "package.json");
        if (!File.Exists(package)) return null;
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(package));
        return doc.RootElement.GetProperty("version").GetString();
    }
}
