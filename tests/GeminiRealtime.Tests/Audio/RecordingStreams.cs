using System.Buffers.Binary;
using GeminiRealtime.Audio;

namespace GeminiRealtime.Tests.Audio;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock
{
    private long _ticks;

    public TimeSpan Now
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
        set => Interlocked.Exchange(ref _ticks, value.Ticks);
    }

    public Func<TimeSpan> Func => () => Now;
}

/// <summary>
/// A memory stream that keeps a copy of itself at every flush (the end of each batch the recorder writes) and can
/// make data writes (count &gt; 0 at position &gt;= 44) wait for a gate or fail, while header writes always go through.
/// </summary>
internal sealed class RecordingTestStream : Stream
{
    private readonly object _gate = new();
    private readonly MemoryStream _inner = new();
    private readonly List<byte[]> _flushes = new();
    private TaskCompletionSource _open = Opened();
    private readonly TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Data writes fail with this, when set.</summary>
    public Exception? FailDataWritesWith { get; set; }

    public bool Disposed { get; private set; }

    /// <summary>Completed when a data write first waits at the closed gate.</summary>
    public Task Blocked => _blocked.Task;

    /// <summary>The file as it was at each flush, oldest first.</summary>
    public IReadOnlyList<byte[]> Flushes
    {
        get { lock (_gate) return _flushes.ToArray(); }
    }

    public byte[] Bytes
    {
        get { lock (_gate) return _inner.ToArray(); }
    }

    /// <summary>Data writes wait until <see cref="OpenGate"/>.</summary>
    public void CloseGate()
    {
        lock (_gate) _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void OpenGate()
    {
        lock (_gate) _open.TrySetResult();
    }

    public override bool CanRead => false;
    public override bool CanSeek => !Disposed;
    public override bool CanWrite => !Disposed;
    public override long Length { get { lock (_gate) return _inner.Length; } }

    public override long Position
    {
        get { lock (_gate) return _inner.Position; }
        set { lock (_gate) _inner.Position = value; }
    }

    public override void Flush()
    {
        lock (_gate) _flushes.Add(_inner.ToArray());
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Task open;
        lock (_gate) open = Position >= WavFile.HeaderSize && count > 0 ? _open.Task : Task.CompletedTask;
        if (!open.IsCompleted)
        {
            _blocked.TrySetResult();
            await open.WaitAsync(cancellationToken);
        }
        if (Position >= WavFile.HeaderSize && count > 0 && FailDataWritesWith != null) throw FailDataWritesWith;
        lock (_gate) _inner.Write(buffer, offset, count);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) { lock (_gate) return _inner.Seek(offset, origin); }
    public override void SetLength(long value) { lock (_gate) _inner.SetLength(value); }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        OpenGate();
        base.Dispose(disposing);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}

/// <summary>Reads what the recorder wrote: a checked header and the two channels.</summary>
internal static class RecordedWav
{
    /// <summary>Asserts a canonical 44-byte 24 kHz stereo s16 header whose sizes match the bytes that follow it.</summary>
    public static void AssertValidHeader(byte[] file)
    {
        Assert.True(file.Length >= WavFile.HeaderSize, $"only {file.Length} bytes");
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(file, 0, 4));
        Assert.Equal("WAVEfmt ", System.Text.Encoding.ASCII.GetString(file, 8, 8));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(20)));       // PCM
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(22)));       // stereo
        Assert.Equal(24000, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(24)));
        Assert.Equal(24000 * 4, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(28)));
        Assert.Equal(4, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(32)));       // block align
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(34)));
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(file, 36, 4));
        Assert.Equal(file.Length - 8, (long)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4)));
        Assert.Equal(file.Length - 44, (long)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(40)));
        Assert.Equal(0, (file.Length - 44) % 4);
    }

    /// <summary>Channel 0 (user) or 1 (model) as 16-bit samples.</summary>
    public static short[] Channel(byte[] file, int channel)
    {
        int frames = (file.Length - WavFile.HeaderSize) / 4;
        var samples = new short[frames];
        for (int i = 0; i < frames; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(WavFile.HeaderSize + i * 4 + channel * 2));
        return samples;
    }

    /// <summary>RMS in dBFS of samples [from, to) seconds at 24 kHz (-120 for silence).</summary>
    public static double Level(short[] samples, double from, double to)
    {
        int a = (int)(from * 24000), b = Math.Min(samples.Length, (int)(to * 24000));
        if (b <= a) return -120;
        double sum = 0;
        for (int i = a; i < b; i++) sum += (samples[i] / 32768.0) * (samples[i] / 32768.0);
        double rms = Math.Sqrt(sum / (b - a));
        return rms <= 1e-6 ? -120 : 20 * Math.Log10(rms);
    }

    public static byte[] Sine(int rate, double frequency, double seconds, double amplitude = 0.5)
    {
        var samples = new float[(int)Math.Round(rate * seconds)];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        return Pcm16.FromFloats(samples);
    }

    public static short[] Samples(byte[] pcm)
    {
        var samples = new short[pcm.Length / 2];
        for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(2 * i));
        return samples;
    }

    /// <summary>Where <paramref name="part"/> starts inside <paramref name="whole"/>, or -1.</summary>
    public static int IndexOf(short[] whole, short[] part)
    {
        for (int i = 0; i + part.Length <= whole.Length; i++)
        {
            if (whole.AsSpan(i, part.Length).SequenceEqual(part)) return i;
        }
        return -1;
    }
}
