using System.Diagnostics;
using System.Text.Json;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.Benchmarks;

/// <summary>
/// Our client as a child process of the orchestrator (so its CPU time and memory are its own, not the emulator's).
/// Each mode prints one JSON line on stdout.
/// </summary>
public static class Clients
{
    private static GeminiSessionOptions Options(Uri endpoint) => new(ApiCredential.FromSecret("bench-key"))
    {
        Endpoint = endpoint,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        SetupTimeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>duplex-client &lt;endpoint&gt; &lt;minutes&gt;: the simulated duplex minutes, CPU for the measured part, memory after each minute.</summary>
    public static async Task<int> DuplexAsync(Uri endpoint, int minutes)
    {
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(endpoint));
        var driver = new DuplexDriver(session);
        await driver.MinuteAsync(1, 50); // warm-up (JIT, pools), not measured

        var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan cpu0 = process.TotalProcessorTime, user0 = process.UserProcessorTime;
        long alloc0 = GC.GetTotalAllocatedBytes(true);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        driver.PcmBytes = 0;
        var samples = new List<object>();
        var wall = Stopwatch.StartNew();
        long allocPrev = alloc0;
        for (int m = 1; m <= minutes; m++)
        {
            await driver.MinuteAsync(DuplexWork.TurnsPerMinute, DuplexWork.ChunksPerMinute);
            if (minutes > 1)
            {
                process.Refresh();
                long alloc = GC.GetTotalAllocatedBytes(false);
                GCMemoryInfo info = GC.GetGCMemoryInfo();
                samples.Add(new
                {
                    minute = m,
                    seconds = wall.Elapsed.TotalSeconds,
                    workingSetMB = process.WorkingSet64 / 1048576.0,
                    gcHeapMB = GC.GetTotalMemory(false) / 1048576.0,
                    heapAfterLastGcMB = info.HeapSizeBytes / 1048576.0,
                    allocatedMB = (alloc - allocPrev) / 1048576.0,
                });
                allocPrev = alloc;
            }
        }
        wall.Stop();
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpu0, user = process.UserProcessorTime - user0;
        long allocated = GC.GetTotalAllocatedBytes(true) - alloc0;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            client = "dotnet",
            minutes,
            cpuMs = cpu.TotalMilliseconds,
            userMs = user.TotalMilliseconds,
            systemMs = (cpu - user).TotalMilliseconds,
            wallMs = wall.Elapsed.TotalMilliseconds,
            pcmBytes = driver.PcmBytes,
            chunksSent = (long)DuplexWork.ChunksPerMinute * minutes,
            allocatedBytes = allocated,
            gen0 = GC.CollectionCount(0) - gen0,
            gen1 = GC.CollectionCount(1) - gen1,
            gen2 = GC.CollectionCount(2) - gen2,
            malformed = session.Statistics.MalformedMessages,
            samples,
        }));
        return 0;
    }

    /// <summary>tool-client &lt;endpoint&gt; &lt;turns&gt;: toolCall received → trivial C# handler → toolResponse on the wire.</summary>
    public static async Task<int> ToolAsync(Uri endpoint, int turns)
    {
        GeminiSessionOptions options = Options(endpoint);
        options.Tools.Add(new Tool { FunctionDeclarations = [new FunctionDeclaration { Name = "get_status", Description = "Returns ok." }] });
        await using GeminiSession session = await GeminiSession.ConnectAsync(options);
        var times = new List<double>(turns);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        for (int i = 0; i < turns; i++)
        {
            await session.SendTextAsync($"please call get_status now ({i})", timeout.Token);
            while (true)
            {
                using ServerMessage? message = await session.ReadMessageAsync(timeout.Token);
                if (message == null) throw new InvalidOperationException("The session ended.");
                if (message.ToolCall?.FunctionCalls is { } calls)
                {
                    // Engine-level path: a C# handler. The PowerShell scriptblock path is measured through the cmdlets in a
                    // pwsh child: Scenarios.MeasureScriptBlockToolRoundTrip.
                    var responses = new List<FunctionResponse>(calls.Count);
                    foreach (FunctionCall call in calls) responses.Add(Handler(call));
                    await session.SendToolResponseAsync(responses, timeout.Token);
                    times.Add((DateTimeOffset.Now - message.ReceivedAt).TotalMilliseconds);
                }
                if (message.ServerContent?.TurnComplete == true) break;
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(new { client = "dotnet", turns, clientMs = times }));
        return 0;
    }

    private static readonly JsonElement Ok = JsonDocument.Parse("{\"output\":{\"ok\":true}}").RootElement.Clone();

    /// <summary>The trivial tool: returns {"ok": true}.</summary>
    private static FunctionResponse Handler(FunctionCall call) => new() { Id = call.Id, Name = call.Name, Response = Ok };

    /// <summary>connect-client &lt;endpoint&gt;: connect + close (a warm in-process connect, for reference).</summary>
    public static async Task<int> ConnectAsync(Uri endpoint)
    {
        await using GeminiSession session = await GeminiSession.ConnectAsync(Options(endpoint));
        return 0;
    }
}

/// <summary>Drives one session through duplex minutes: mic chunks up (bounded window), text turns whose replies are audio.</summary>
internal sealed class DuplexDriver
{
    private const int SendWindow = 32;
    private readonly GeminiSession _session;
    private readonly byte[] _chunk = DuplexWork.MicChunk();
    private readonly Task _receiver;
    private TaskCompletionSource<bool>? _turnDone;

    public DuplexDriver(GeminiSession session)
    {
        _session = session;
        _receiver = Task.Run(ReceiveAsync);
    }

    public long PcmBytes;

    public async Task MinuteAsync(int turns, int chunks)
    {
        Task audio = Task.Run(() => SendAudioAsync(chunks));
        for (int i = 0; i < turns; i++)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _turnDone, done);
            await _session.SendTextAsync(DuplexWork.TurnText(i));
            Task first = await Task.WhenAny(done.Task, _receiver, Task.Delay(TimeSpan.FromSeconds(60)));
            if (first != done.Task) throw new InvalidOperationException("No turnComplete: " + (_session.CloseError?.Message ?? "timeout"));
        }
        await audio;
    }

    private async Task SendAudioAsync(int chunks)
    {
        var pending = new Queue<Task>(SendWindow);
        for (int i = 0; i < chunks; i++)
        {
            var message = new ClientMessage
            {
                RealtimeInput = new RealtimeInput { Audio = new Blob { MimeType = Frames.InputMime, Data = new Base64Data(_chunk) } },
            };
            pending.Enqueue(_session.SendAsync(message, SendPriority.Media));
            if (pending.Count >= SendWindow) await pending.Dequeue();
        }
        while (pending.Count > 0) await pending.Dequeue();
    }

    private async Task ReceiveAsync()
    {
        while (true)
        {
            using ServerMessage? message = await _session.ReadMessageAsync();
            if (message == null) return;
            if (message.ServerContent is { } content)
            {
                if (content.ModelTurn?.Parts is { } parts)
                {
                    foreach (Part part in parts)
                    {
                        if (part.InlineData?.Data is { } data) PcmBytes += data.Memory.Span.Length;
                    }
                }
                if (content.TurnComplete == true) Volatile.Read(ref _turnDone)?.TrySetResult(true);
            }
        }
    }
}
