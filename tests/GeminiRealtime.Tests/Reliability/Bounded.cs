namespace GeminiRealtime.Tests.Reliability;

internal static class Bounded
{
    /// <summary>Runs synchronous work on the pool and fails the test if it has not finished in time (a hang is a failure).</summary>
    public static void Run(TimeSpan limit, Action work, string what)
    {
        Task task = Task.Run(work);
        if (!task.Wait(limit)) Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0} s (hang?).");
        task.GetAwaiter().GetResult();
    }

    public static async Task<T> Within<T>(Task<T> task, TimeSpan limit, string what)
    {
        Task first = await Task.WhenAny(task, Task.Delay(limit));
        if (first != task) Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0} s (hang?).");
        return await task;
    }

    public static async Task Within(Task task, TimeSpan limit, string what)
    {
        Task first = await Task.WhenAny(task, Task.Delay(limit));
        if (first != task) Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0} s (hang?).");
        await task;
    }

    /// <summary>Scales a time limit with the fuzz scale (the long run gets proportionally more time).</summary>
    public static TimeSpan Scaled(double seconds) => TimeSpan.FromSeconds(seconds * FuzzCorpus.Scale);
}
