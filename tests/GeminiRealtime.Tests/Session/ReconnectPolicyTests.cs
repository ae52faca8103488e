using GeminiRealtime.Session;

namespace GeminiRealtime.Tests.Session;

public class ReconnectPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Stops_at_the_third_consecutive_failure_with_growing_jittered_delays()
    {
        var policy = new ReconnectPolicy(3, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), seed: 1);
        Assert.True(policy.TryRecordFailure(T0, out TimeSpan first));
        Assert.InRange(first.TotalMilliseconds, 250, 500);
        Assert.True(policy.TryRecordFailure(T0, out TimeSpan second));
        Assert.InRange(second.TotalMilliseconds, 500, 1000);
        Assert.False(policy.TryRecordFailure(T0, out _));
    }

    [Fact]
    public void A_connection_stable_for_ten_seconds_resets_the_count_a_shorter_one_does_not()
    {
        var policy = new ReconnectPolicy(3, TimeSpan.FromSeconds(10), seed: 2);
        Assert.True(policy.TryRecordFailure(T0, out _));
        policy.Connected(T0);
        Assert.True(policy.TryRecordFailure(T0.AddSeconds(9), out _));
        Assert.Equal(2, policy.ConsecutiveFailures);
        policy.Connected(T0.AddSeconds(10));
        Assert.True(policy.TryRecordFailure(T0.AddSeconds(20), out _));
        Assert.Equal(1, policy.ConsecutiveFailures);
    }

    [Fact]
    public void Progress_resets_and_delays_are_capped()
    {
        var policy = new ReconnectPolicy(10, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(2), seed: 3);
        TimeSpan last = TimeSpan.Zero;
        for (int i = 0; i < 6; i++) Assert.True(policy.TryRecordFailure(T0, out last));
        Assert.InRange(last.TotalMilliseconds, 1000, 2000);
        policy.Progress();
        Assert.Equal(0, policy.ConsecutiveFailures);
    }
}
