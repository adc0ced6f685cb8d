using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Roll.Tests.Extensions;

public class RateLimitPartitionsTests
{
    private static RateLimiter OnePerWindow(TimeSpan window)
        => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = window, AutoReplenishment = false });

    [Fact]
    public async Task IdlePartitionsAreDropped()
    {
        using var partitions = new RateLimitPartitions<string>(() => OnePerWindow(TimeSpan.FromMilliseconds(50)), maxPartitions: 100,
            idleTimeout: TimeSpan.FromMilliseconds(100), tick: TimeSpan.FromMilliseconds(20));
        foreach (var key in new[] { "a", "b", "c" })
        {
            (await partitions.AcquireAsync(key)).Dispose();
        }
        Assert.Equal(3, partitions.Count);

        var clock = Stopwatch.StartNew();
        while (partitions.Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, partitions.Count);
    }

    [Fact]
    public async Task APartitionInUseIsKept()
    {
        using var partitions = new RateLimitPartitions<string>(() => OnePerWindow(TimeSpan.FromMinutes(1)), maxPartitions: 100,
            idleTimeout: TimeSpan.FromMilliseconds(50), tick: TimeSpan.FromMilliseconds(10));
        (await partitions.AcquireAsync("a")).Dispose();

        await Task.Delay(200);

        // Its window has not ended: dropping it would hand the client a fresh budget.
        Assert.Equal(1, partitions.Count);
        Assert.False((await partitions.AcquireAsync("a")).IsAcquired);
    }

    [Fact]
    public async Task PastTheCapNewKeysShareOneLimiter()
    {
        using var partitions = new RateLimitPartitions<string>(() => OnePerWindow(TimeSpan.FromMinutes(1)), maxPartitions: 2,
            idleTimeout: TimeSpan.FromMinutes(1), tick: TimeSpan.FromMilliseconds(100));

        Assert.True((await partitions.AcquireAsync("a")).IsAcquired);
        Assert.True((await partitions.AcquireAsync("b")).IsAcquired);
        Assert.True((await partitions.AcquireAsync("c")).IsAcquired);
        Assert.False((await partitions.AcquireAsync("d")).IsAcquired);

        Assert.Equal(2, partitions.Count);
    }
}
