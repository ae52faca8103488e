using System.Diagnostics;
using GeminiRealtime.Audio;
using GeminiRealtime.Tests.Reliability;

namespace GeminiRealtime.Tests.Audio;

public class ConversationRecorderTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>A recorder on a test stream and a hand-moved clock, and a way to wait until it placed N chunks.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly object _gate = new();
        private long _placed;
        private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Rig(int capacity = ConversationRecorder.DefaultCapacity)
        {
            Recorder = new ConversationRecorder(Stream, "test.wav", Clock.Func, capacity);
            Recorder.BatchWritten = placed =>
            {
                lock (_gate)
                {
                    _placed = placed;
                    _progress.TrySetResult();
                    _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            };
        }

        public ManualClock Clock { get; } = new();
        public RecordingTestStream Stream { get; } = new();
        public ConversationRecorder Recorder { get; }

        /// <summary>Waits until the writer has placed <paramref name="count"/> chunks and written what that allowed.</summary>
        public Task PlacedAsync(long count) => UntilAsync(() => Interlocked.Read(ref _placed) >= count);

        /// <summary>Waits for the end of a batch after which <paramref name="condition"/> holds.</summary>
        public async Task UntilAsync(Func<bool> condition)
        {
            using var timeout = new CancellationTokenSource(Limit);
            while (true)
            {
                Task next;
                lock (_gate)
                {
                    if (condition()) return;
                    next = _progress.Task;
                }
                await next.WaitAsync(timeout.Token);
            }
        }

        public ValueTask DisposeAsync() => Recorder.DisposeAsync();
    }

    [Fact]
    public async Task The_header_is_valid_after_every_batch_and_a_copy_taken_mid_recording_plays()
    {
        await Bounded.Within(Run(), Limit, "header after every batch");

        static async Task Run()
        {
            await using var rig = new Rig();
            byte[] user = RecordedWav.Sine(16000, 440, 0.02);
            byte[] model = RecordedWav.Sine(24000, 660, 0.04);
            for (int i = 0; i < 25; i++)
            {
                rig.Clock.Now = TimeSpan.FromMilliseconds(40 * i);
                rig.Recorder.RecordUserAudio(user);
                rig.Recorder.RecordModelAudio(model);
                await rig.PlacedAsync(2 * (i + 1));
                // A crash now leaves exactly this: a WAV whose sizes describe what is there.
                RecordedWav.AssertValidHeader(rig.Stream.Bytes);
            }
            IReadOnlyList<byte[]> flushes = rig.Stream.Flushes;
            Assert.True(flushes.Count >= 15, $"{flushes.Count} flushes");
            foreach (byte[] file in flushes) RecordedWav.AssertValidHeader(file);
            float[] mid = WavReader.ReadMono(new MemoryStream(flushes[^1]), out int rate);
            Assert.Equal(24000, rate);
            Assert.True(mid.Length >= 24000 * 0.8, $"{mid.Length} frames"); // up to a tenth of a second before the clock
        }
    }

    [Fact]
    public async Task Chunks_land_at_their_wall_clock_offset_with_silence_between_and_bursts_back_to_back()
    {
        await Bounded.Within(Run(), Limit, "time alignment");

        static async Task Run()
        {
            var rig = new Rig();
            byte[] userA = RecordedWav.Sine(16000, 440, 0.5);
            byte[] modelA = RecordedWav.Sine(24000, 660, 0.5);
            byte[] userB = RecordedWav.Sine(16000, 440, 0.5);
            byte[] modelB1 = RecordedWav.Sine(24000, 330, 0.3);
            byte[] modelB2 = RecordedWav.Sine(24000, 550, 0.3);

            rig.Clock.Now = TimeSpan.Zero;                      // time zero: the first chunk
            rig.Recorder.RecordUserAudio(userA);
            await rig.PlacedAsync(1);
            rig.Clock.Now = TimeSpan.FromSeconds(1.0);
            rig.Recorder.RecordModelAudio(modelA);
            await rig.PlacedAsync(2);
            rig.Clock.Now = TimeSpan.FromSeconds(2.0);
            rig.Recorder.RecordUserAudio(userB);
            await rig.PlacedAsync(3);
            rig.Clock.Now = TimeSpan.FromSeconds(2.2);
            rig.Recorder.RecordModelAudio(modelB1);
            await rig.PlacedAsync(4);
            rig.Clock.Now = TimeSpan.FromSeconds(2.25);         // faster than real time: right after modelB1, not at 2.25 s
            rig.Recorder.RecordModelAudio(modelB2);
            await rig.PlacedAsync(5);
            await rig.DisposeAsync();

            byte[] file = rig.Stream.Bytes;
            RecordedWav.AssertValidHeader(file);
            // Both sides to their end: the model's last chunk ends at 2.2 + 0.3 + 0.3 s.
            Assert.Equal((int)(2.8 * 24000), (file.Length - 44) / 4);
            short[] left = RecordedWav.Channel(file, 0), right = RecordedWav.Channel(file, 1);

            // The model side is exact: its chunks' samples, at 1.0 s and 2.2 s, nothing anywhere else.
            Assert.Equal(24000, RecordedWav.IndexOf(right, RecordedWav.Samples(modelA)));
            Assert.Equal((int)(2.2 * 24000), RecordedWav.IndexOf(right, RecordedWav.Samples(modelB1)));
            Assert.Equal((int)(2.5 * 24000), RecordedWav.IndexOf(right, RecordedWav.Samples(modelB2)));
            Assert.Equal(-120, RecordedWav.Level(right, 0, 1.0));
            Assert.Equal(-120, RecordedWav.Level(right, 1.5, 2.2));

            // The user side went 16 -> 24 kHz: a -9 dBFS tone in [0, 0.5] and [2.0, 2.5], silence between.
            Assert.InRange(RecordedWav.Level(left, 0.02, 0.48), -10, -8);
            Assert.InRange(RecordedWav.Level(left, 2.02, 2.48), -10, -8);
            Assert.True(RecordedWav.Level(left, 0.6, 1.9) < -90, $"{RecordedWav.Level(left, 0.6, 1.9)} dBFS between the user's chunks");
            Assert.True(RecordedWav.Level(left, 2.6, 2.8) < -90);

            Assert.Equal(TimeSpan.FromSeconds(2.8), rig.Recorder.Duration);
            Assert.Equal(TimeSpan.FromSeconds(1.1), rig.Recorder.ModelAudio);
            Assert.InRange(rig.Recorder.UserAudio.TotalSeconds, 1.0, 1.05);
            Assert.Equal(0, rig.Recorder.DroppedChunks);
            Assert.Null(rig.Recorder.Failure);
            Assert.NotNull(rig.Recorder.StartedAt);
        }
    }

    [Fact]
    public async Task A_chunk_a_little_late_follows_the_previous_one_without_a_gap()
    {
        await Bounded.Within(Run(), Limit, "jitter tolerance");

        static async Task Run()
        {
            var rig = new Rig();
            byte[] chunk = RecordedWav.Sine(24000, 660, 0.1);
            rig.Recorder.RecordModelAudio(chunk);
            await rig.PlacedAsync(1);
            rig.Clock.Now = TimeSpan.FromSeconds(0.15); // 50 ms after the first chunk's end: jitter, not a pause
            rig.Recorder.RecordModelAudio(chunk);
            await rig.PlacedAsync(2);
            await rig.DisposeAsync();
            short[] right = RecordedWav.Channel(rig.Stream.Bytes, 1);
            Assert.Equal(4800, right.Length);
            Assert.True(right.AsSpan(2400).SequenceEqual(RecordedWav.Samples(chunk)));
        }
    }

    [Fact]
    public async Task A_full_channel_never_blocks_the_producer_it_drops_and_counts()
    {
        await Bounded.Within(Run(), Limit, "full channel");

        static async Task Run()
        {
            var rig = new Rig(capacity: 4);
            int fellBehind = 0;
            rig.Recorder.FellBehind += (_, _) => Interlocked.Increment(ref fellBehind);
            byte[] chunk = RecordedWav.Sine(16000, 440, 0.02);
            rig.Stream.CloseGate();
            rig.Recorder.RecordUserAudio(chunk);
            rig.Clock.Now = TimeSpan.FromSeconds(1);
            rig.Recorder.RecordUserAudio(chunk);
            // The writer is stuck in a data write (a disk that hangs): the header went through, the data waits.
            await rig.Stream.Blocked.WaitAsync(Limit);

            var watch = Stopwatch.StartNew();
            int taken = 0;
            for (int i = 0; i < 200; i++)
            {
                if (rig.Recorder.RecordUserAudio(chunk)) taken++;
            }
            watch.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"200 offers took {watch.Elapsed.TotalMilliseconds:0} ms");
            Assert.InRange(taken, 1, 4);
            Assert.Equal(200 - taken, rig.Recorder.DroppedChunks);
            Assert.Equal(0, Volatile.Read(ref fellBehind)); // told by the writer, which is still stuck

            rig.Stream.OpenGate();
            await rig.DisposeAsync();
            Assert.Equal(1, Volatile.Read(ref fellBehind));
            Assert.Null(rig.Recorder.Failure);
            RecordedWav.AssertValidHeader(rig.Stream.Bytes);
        }
    }

    [Fact]
    public async Task Dispose_writes_what_lies_ahead_of_the_clock_and_closes_the_file()
    {
        await Bounded.Within(Run(), Limit, "dispose");

        static async Task Run()
        {
            var rig = new Rig();
            byte[] reply = RecordedWav.Sine(24000, 660, 2.0);
            rig.Recorder.RecordModelAudio(reply);   // a whole reply at once, the clock still at zero
            await rig.PlacedAsync(1);
            Assert.Equal(TimeSpan.Zero, rig.Recorder.Duration); // nothing up to "now" yet: it lies ahead

            await rig.DisposeAsync();

            Assert.True(rig.Stream.Disposed);
            byte[] file = rig.Stream.Bytes;
            RecordedWav.AssertValidHeader(file);
            Assert.True(RecordedWav.Channel(file, 1).SequenceEqual(RecordedWav.Samples(reply)));
            Assert.False(rig.Recorder.IsRecording);
            Assert.False(rig.Recorder.RecordModelAudio(reply));
            Assert.Equal(0, rig.Recorder.DroppedChunks); // after the end is not "dropped"
            await rig.DisposeAsync();                    // twice is fine
        }
    }

    [Fact]
    public async Task A_write_failure_stops_the_recording_once_and_keeps_a_valid_file()
    {
        await Bounded.Within(Run(), Limit, "failure");

        static async Task Run()
        {
            var rig = new Rig();
            var failures = new List<Exception>();
            var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            rig.Recorder.Failed += (_, e) => { lock (failures) failures.Add(e.GetException()); failed.TrySetResult(); };
            byte[] chunk = RecordedWav.Sine(24000, 660, 0.5);
            rig.Recorder.RecordModelAudio(chunk);
            await rig.PlacedAsync(1);
            rig.Clock.Now = TimeSpan.FromSeconds(0.5);
            // The reply lies ahead of the clock: the writer catches up on its own, up to a tenth of a second ago.
            await rig.UntilAsync(() => rig.Recorder.Duration == TimeSpan.FromSeconds(0.4));

            rig.Stream.FailDataWritesWith = new IOException("No space left on device");
            rig.Clock.Now = TimeSpan.FromSeconds(1.0);
            rig.Recorder.RecordModelAudio(chunk);
            await failed.Task.WaitAsync(Limit);
            Assert.False(rig.Recorder.IsRecording);
            Assert.False(rig.Recorder.RecordModelAudio(chunk));
            await rig.DisposeAsync();

            Assert.Single(failures);
            Assert.Equal("No space left on device", rig.Recorder.Failure!.Message);
            Assert.Equal(0, rig.Recorder.DroppedChunks);
            byte[] file = rig.Stream.Bytes;
            RecordedWav.AssertValidHeader(file);
            Assert.Equal(9600, (file.Length - 44) / 4);
        }
    }

    [Fact]
    public async Task A_path_that_cannot_be_created_is_a_clear_error()
    {
        string folder = Directory.CreateTempSubdirectory("recorder-xunit").FullName;
        try
        {
            var error = Assert.Throws<AudioRecordingException>(() => new ConversationRecorder(folder));
            Assert.Contains("is a folder", error.Message);
            Assert.Equal(folder, error.Path);

            string nested = Path.Combine(folder, "new", "talk.wav");
            await using (var recorder = new ConversationRecorder(nested))
            {
                Assert.Equal(nested, recorder.Path);
            }
            RecordedWav.AssertValidHeader(File.ReadAllBytes(nested));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
