using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using GeminiRealtime.Benchmarks;

// Modes:
//   run [--out results.md] [--artifacts dir] [--module psd1] [--pwsh host] [--pwsh-dll pwsh.dll] [--pwsh-version v]
//       [--node node] [--js bench/js] [--quick] [--skip-micro]   everything, then writes results.md (Invoke-Benchmarks.ps1)
//   micro                                                         only the BenchmarkDotNet benchmarks (console output)
//   duplex-client <endpoint> <minutes>                            child: our client's duplex minutes (JSON line)
//   tool-client <endpoint> <turns>                                child: our tool round trips (JSON line)
//   connect-client <endpoint>                                     child: connect + close
//   audio [rounds]                                                only the PulseAudio barge-in + capture scenarios (console)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: GeminiRealtime.Benchmarks run|micro|duplex-client|tool-client|connect-client ...");
    return 2;
}
switch (args[0])
{
    case "duplex-client": return await Clients.DuplexAsync(new Uri(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture));
    case "tool-client": return await Clients.ToolAsync(new Uri(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture));
    case "connect-client": return await Clients.ConnectAsync(new Uri(args[1]));
    case "audio":
    {
        using PulseFixture? pulse = PulseFixture.Start(out string? whyNot);
        if (pulse == null) { Console.WriteLine("PulseAudio unavailable: " + whyNot); return 0; }
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var b = await AudioScenarios.BargeInAsync(rounds, 2);
        Console.WriteLine($"barge-in silent ms: {string.Join(", ", b.SilentMs.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"barge-in flush ms: {string.Join(", ", b.FlushMs.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}; already silent {b.AlreadySilent}");
        var c = await AudioScenarios.CaptureAsync(pulse, TimeSpan.FromSeconds(3));
        Console.WriteLine($"capture ms p50 {Scenarios.Percentile(c.Ms, 0.5):0.00} p90 {Scenarios.Percentile(c.Ms, 0.9):0.00} min {c.Ms.Min():0.00} max {c.Ms.Max():0.00} n {c.Ms.Length} chunks {c.Chunks} unmatched {c.Unmatched}");
        return 0;
    }
    case "micro":
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Scenarios).Assembly).Run(args[1..],
            BenchmarkDotNet.Configs.DefaultConfig.Instance.AddJob(BenchmarkDotNet.Jobs.Job.ShortRun.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance)));
        return 0;
    case "run":
        var settings = new RunSettings();
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => args[++i];
            switch (args[i])
            {
                case "--out": settings.OutFile = Path.GetFullPath(Next()); break;
                case "--artifacts": settings.ArtifactsPath = Path.GetFullPath(Next()); break;
                case "--module": settings.ModulePath = Path.GetFullPath(Next()); break;
                case "--pwsh": settings.PwshHost = Next(); break;
                case "--pwsh-dll": settings.PwshDll = Next(); break;
                case "--pwsh-version": settings.PwshVersion = Next(); break;
                case "--node": settings.Node = Next(); break;
                case "--js": settings.JsDirectory = Path.GetFullPath(Next()); break;
                case "--quick": settings.Quick = true; break;
                case "--skip-micro": settings.SkipMicro = true; break;
                default: Console.Error.WriteLine("Unknown option " + args[i]); return 2;
            }
        }
        return await new Scenarios(settings).RunAsync();
    default:
        Console.Error.WriteLine("Unknown mode " + args[0]);
        return 2;
}
