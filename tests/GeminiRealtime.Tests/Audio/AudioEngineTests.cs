using GeminiRealtime.Audio;
using GeminiRealtime.Audio.Backends;
using Xunit;

namespace GeminiRealtime.Tests.Audio;

public class AudioEngineTests
{
    private static byte[] Sine(int rate, double frequency, double seconds, double amplitude = 0.5)
    {
        var samples = new float[(int)(rate * seconds)];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        return Pcm16.FromFloats(samples);
    }

    private static double Goertzel(byte[] pcm, int rate, double frequency)
    {
        double w = 2 * Math.PI * frequency / rate, c = 2 * Math.Cos(w), s1 = 0, s2 = 0;
        for (int i = 0; i < pcm.Length / 2; i++)
        {
            double x = (short)(pcm[2 * i] | (pcm[2 * i + 1] << 8)) / 32768.0;
            double s0 = x + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    [Fact]
    public void Resampler_keeps_a_440_Hz_sine_from_44100_to_16000()
    {
        byte[] input = Sine(44100, 440, 1.0);
        byte[] output = PcmResampler.Convert(input, 44100, 16000);
        Assert.Equal(16000 * 2, output.Length);
        // Dominant frequency by a small DFT scan (Goertzel) over 100-2000 Hz in 10 Hz steps.
        double best = 0, bestPower = -1;
        for (double f = 100; f <= 2000; f += 10)
        {
            double p = Goertzel(output, 16000, f);
            if (p > bestPower) (best, bestPower) = (f, p);
        }
        Assert.Equal(440, best);
        // Level preserved (within 0.5 dB) and no big alias energy elsewhere.
        Assert.InRange(Pcm16.LevelDbfs(output) - Pcm16.LevelDbfs(input), -0.5, 0.5);
        Assert.True(Goertzel(output, 16000, 1000) < bestPower / 1000);
    }

    [Fact]
    public void Wav_file_round_trip_is_bit_exact_at_the_device_rates()
    {
        string dir = Directory.CreateTempSubdirectory("voice-xunit").FullName;
        try
        {
            byte[] pcm16k = Sine(16000, 523, 0.5, 0.9);
            pcm16k[10] = 0x00; pcm16k[11] = 0x80; // -32768 survives
            string inPath = Path.Combine(dir, "in16k.wav");
            WavFile.Write(inPath, pcm16k, PcmFormat.Input16k);
            using (var input = new FileAudioInput(inPath, paced: false, trailingSilence: TimeSpan.Zero))
            {
                var read = new byte[pcm16k.Length];
                int n = input.Read(read, 0, read.Length, CancellationToken.None);
                Assert.Equal(pcm16k.Length, n);
                Assert.Equal(pcm16k, read);
                Assert.Equal(0, input.Read(read, 0, 640, CancellationToken.None));
            }

            byte[] pcm24k = Sine(24000, 700, 0.3, 0.7);
            string outPath = Path.Combine(dir, "out24k.wav");
            using (var output = new FileAudioOutput(outPath, new AudioStreamOptions()))
            {
                for (int offset = 0; offset < pcm24k.Length; offset += 960) output.Write(pcm24k, offset, Math.Min(960, pcm24k.Length - offset));
            }
            float[] back = WavReader.ReadMono(outPath, out int rate);
            Assert.Equal(24000, rate);
            Assert.Equal(pcm24k, Pcm16.FromFloats(back));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Energy_detector_works_in_audio_time()
    {
        var vad = new EnergyVoiceDetector(16000, -40, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(500));
        Assert.Equal(VoiceTransition.None, vad.Process(new byte[16000])); // 0.5 s silence
        Assert.Equal(VoiceTransition.SpeechStarted, vad.Process(Sine(16000, 300, 1.2, 0.3)));
        Assert.Equal(VoiceTransition.None, vad.Process(new byte[16000 * 2 * 4 / 10])); // 400 ms: not yet the end
        Assert.Equal(VoiceTransition.SpeechEnded, vad.Process(new byte[16000 * 2 / 10]));
        Assert.Equal(1.2, vad.SpeechMilliseconds / 1000.0, 2);
    }

    [Fact]
    public async Task Player_flush_drops_queued_audio_and_flushes_the_device_at_once()
    {
        var device = new RecordingOutput();
        using var player = new AudioPlayer(device, TimeSpan.FromMilliseconds(60));
        player.Enqueue(Sine(24000, 400, 2.0));
        await device.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(player.IsActive);
        TimeSpan took = await player.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(took < TimeSpan.FromMilliseconds(200), $"flush took {took.TotalMilliseconds} ms");
        Assert.Equal(1, device.Flushes);
        Assert.Equal(TimeSpan.Zero, player.Queued);
        long played = player.PlayedBytes;
        Assert.True(played < 24000 * 2, "most of the 2 s was dropped, not played");
    }

    private sealed class RecordingOutput : IAudioOutput
    {
        private readonly PlaybackClockShim _clock = new();
        public TaskCompletionSource FirstWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Flushes { get; private set; }
        public string Description => "test";
        public TimeSpan BufferSize => TimeSpan.FromMilliseconds(60);
        public TimeSpan Latency => TimeSpan.Zero;
        public void Write(byte[] buffer, int offset, int count)
        {
            FirstWrite.TrySetResult();
            _clock.Pace(count);
        }

        public void Flush() => Flushes++;
        public void Dispose()
        {
        }
    }

    // Real-time pacing like a device: 20 ms frames take 20 ms.
    private sealed class PlaybackClockShim
    {
        public void Pace(int bytes) => Thread.Sleep(TimeSpan.FromSeconds(bytes / 48000.0));
    }
}
