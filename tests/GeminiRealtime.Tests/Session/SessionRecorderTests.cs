using GeminiRealtime.Audio;
using GeminiRealtime.Emulator;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;
using GeminiRealtime.Tests.Audio;
using GeminiRealtime.Tests.Reliability;

namespace GeminiRealtime.Tests.Session;

/// <summary>The recorder's hooks in the session (audio once on the wire, audio as received) and its life in a conversation.</summary>
public class SessionRecorderTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("recorder-session").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_session_records_the_audio_it_sent_and_the_model_audio_it_received()
    {
        await Bounded.Within(Run(), Limit, "session recording");

        async Task Run()
        {
            string path = Path.Combine(_folder, "session.wav");
            await using var emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0, ApiKey = ConversationHarness.Key });
            var recorder = new ConversationRecorder(path);
            var options = ConversationHarness.SessionOptions(emulator.Endpoint);
            options.Recorder = recorder;
            var received = new MemoryStream();
            await using (GeminiSession session = await GeminiSession.ConnectAsync(options))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                byte[] speech = RecordedWav.Sine(16000, 440, 1.0);
                for (int offset = 0; offset < speech.Length; offset += 1280)
                {
                    // The same buffer each time, overwritten after the send returns: the recorder must have its own copy.
                    byte[] chunk = speech.AsSpan(offset, Math.Min(1280, speech.Length - offset)).ToArray();
                    await session.SendAudioAsync(chunk, timeout.Token);
                    Array.Clear(chunk);
                }
                await session.SendAudioStreamEndAsync(timeout.Token);
                while (true)
                {
                    using ServerMessage message = (await session.ReadMessageAsync(timeout.Token))!;
                    Assert.NotNull(message);
                    foreach (Part part in message.ServerContent?.ModelTurn?.Parts ?? new List<Part>())
                    {
                        if (part.InlineData?.Data != null) received.Write(part.InlineData.Data.Memory.Span);
                    }
                    // Disposed here: its pooled buffers go back to the pool (and are reused) while the recorder writes.
                    if (message.ServerContent?.TurnComplete == true) break;
                }
            }
            await recorder.DisposeAsync();

            Assert.True(received.Length > 24000, $"{received.Length} bytes of reply audio");
            byte[] file = File.ReadAllBytes(path);
            RecordedWav.AssertValidHeader(file);
            short[] left = RecordedWav.Channel(file, 0), right = RecordedWav.Channel(file, 1);
            // What went out: a second of a -9 dBFS tone, from time zero (it was sent faster than real time: back to back).
            Assert.InRange(RecordedWav.Level(left, 0.05, 0.95), -10, -8);
            Assert.InRange(recorder.UserAudio.TotalSeconds, 0.98, 1.02);
            // What came in: the reply's samples exactly, in one piece.
            Assert.True(RecordedWav.IndexOf(right, RecordedWav.Samples(received.ToArray())) >= 0, "the reply audio is not in the right channel as received");
            Assert.Equal(TimeSpan.FromTicks(received.Length / 2 * TimeSpan.TicksPerSecond / 24000), recorder.ModelAudio);
            Assert.Equal(0, recorder.DroppedChunks);
            Assert.Null(recorder.Failure);
        }
    }

    [Fact]
    public async Task A_conversation_keeps_one_recording_across_reconnects_and_closes_it_with_itself()
    {
        await Bounded.Within(Run(), Limit, "recording across reconnects");

        async Task Run()
        {
            string path = Path.Combine(_folder, "talk.wav");
            await using var h = await ConversationHarness.StartAsync(e => { e.LifetimeSeconds = 1.5; e.GoAwaySeconds = 1.0; }, c => c.RecordPath = path);
            ConversationRecorder recorder = h.Conversation.Recorder!;
            Assert.Equal(path, h.Conversation.RecordPath);
            int firstConnection = h.Conversation.Connection.Id;

            // Text turns answered with audio, until the conversation has moved to a new connection, then one more there.
            var asked = new List<string>();
            for (int i = 1; h.Conversation.Reconnects == 0; i++)
            {
                Assert.True(i < 40, "no reconnect happened");
                string text = $"turn {i}";
                Assert.Equal("You said: " + text, (await h.AskAsync(text)).Text);
                asked.Add(text);
                if (h.Conversation.Reconnects == 0) await Task.Delay(100);
            }
            Assert.Equal("You said: after", (await h.AskAsync("after")).Text);
            asked.Add("after");
            Assert.NotEqual(firstConnection, h.Conversation.Connection.Id);
            Assert.Same(recorder, h.Conversation.Recorder);
            Assert.True(recorder.IsRecording);

            await h.Conversation.DisposeAsync();
            Assert.False(recorder.IsRecording);

            // The emulator speaks 60 ms per character of its reply, at least 500 ms: every reply is in the recording.
            double expected = asked.Sum(t => Math.Max(0.5, 0.06 * ("You said: " + t).Length));
            Assert.True(recorder.ModelAudio.TotalSeconds >= expected - 0.001, $"{recorder.ModelAudio.TotalSeconds:0.000} s recorded, {expected:0.000} s expected");
            byte[] file = File.ReadAllBytes(path);
            RecordedWav.AssertValidHeader(file);
            Assert.True(RecordedWav.Level(RecordedWav.Channel(file, 1), 0, (file.Length - 44) / 4 / 24000.0) > -40);
        }
    }

    [Fact]
    public async Task A_recording_that_fails_is_reported_once_and_the_conversation_goes_on()
    {
        await Bounded.Within(Run(), Limit, "recording failure in a conversation");

        static async Task Run()
        {
            var disk = new RecordingTestStream { FailDataWritesWith = new IOException("No space left on device") };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var h = await ConversationHarness.StartAsync(conversation: c =>
            {
                c.RecordPath = "full.wav";
                c.OpenRecorder = path => new ConversationRecorder(disk, path, () => clock.Elapsed);
            });
            ConversationRecorder recorder = h.Conversation.Recorder!;
            var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            recorder.Failed += (_, _) => failed.TrySetResult();

            Assert.Equal("You said: first", (await h.AskAsync("first")).Text);   // its reply audio is what cannot be written
            await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("You said: second", (await h.AskAsync("second")).Text); // the conversation does not notice
            Assert.Equal(GeminiSessionState.Open, h.Conversation.State);
            h.DrainNotices();

            string warning = Assert.Single(h.Notices, n => n.Contains("Recording to full.wav stopped", StringComparison.Ordinal));
            Assert.StartsWith("Warning: ", warning);
            Assert.Contains("No space left on device", warning);
            Assert.Single(h.Conversation.Transcript.Entries, e => e.Text.StartsWith("Recording stopped: No space left on device", StringComparison.Ordinal));
            Assert.False(recorder.IsRecording);
            await h.Conversation.DisposeAsync();
            RecordedWav.AssertValidHeader(disk.Bytes);
        }
    }

    [Fact]
    public async Task A_conversation_that_cannot_connect_leaves_no_recording_behind()
    {
        string path = Path.Combine(_folder, "never.wav");
        var options = ConversationHarness.SessionOptions(new Uri("http://127.0.0.1:1"));
        await Assert.ThrowsAsync<GeminiConnectionException>(() => GeminiConversation.ConnectAsync(options, new ConversationOptions { RecordPath = path }));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_recording_path_that_cannot_be_written_fails_before_connecting()
    {
        await using var emulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0, ApiKey = ConversationHarness.Key });
        var options = ConversationHarness.SessionOptions(emulator.Endpoint);
        var error = await Assert.ThrowsAsync<AudioRecordingException>(() => GeminiConversation.ConnectAsync(options, new ConversationOptions { RecordPath = _folder }));
        Assert.Contains("is a folder", error.Message);
        Assert.Empty(emulator.Traffic);
    }
}
