using GeminiRealtime.Emulator;

namespace GeminiRealtime.Tests.Reliability;

/// <summary>The emulator's client-message reader may only ever throw EmulatorRejection with 1007, 1008 or 1011.</summary>
public class EmulatorReaderFuzzTests
{
    private static readonly int[] AllowedCodes = [1007, 1008, 1011];

    [Theory]
    [InlineData(20261102, "v1beta")]
    [InlineData(11, "v1alpha")]
    public void Reading_a_malformed_client_frame_throws_only_EmulatorRejection(int seed, string apiVersion)
    {
        List<byte[]> seeds = FuzzCorpus.ClientSeeds();
        int cases = 1500 * FuzzCorpus.Scale;
        var failures = new List<string>();
        int rejected = 0, accepted = 0;
        Bounded.Run(Bounded.Scaled(20), () =>
        {
            var random = new Random(seed);
            for (int i = 0; i < cases; i++)
            {
                byte[] frame = FuzzCorpus.Mutate(random, seeds, out string kind);
                try
                {
                    StrictClientMessageReader.Read(frame, apiVersion);
                    accepted++;
                }
                catch (EmulatorRejection rejection) when (Array.IndexOf(AllowedCodes, rejection.CloseCode) >= 0 && rejection.Reason.Length > 0)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    if (failures.Count < 10)
                        failures.Add($"case {i} ({kind}): {ex.GetType().FullName}: {ex.Message} | frame: {ReceiveFuzzTests.Preview(frame)}");
                    else failures.Add(string.Empty);
                }
            }
        }, $"{cases} reads");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} frames threw something other than EmulatorRejection(1007/1008/1011):\n" + string.Join("\n", failures.Where(f => f.Length > 0)));
        Assert.True(rejected > cases / 4, $"Only {rejected} of {cases} frames were rejected.");
        Assert.True(accepted > 0, "No frame was accepted: the corpus lost its valid seeds.");
    }
}
