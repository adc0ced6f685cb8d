namespace Roll.Server;

/// <summary>A minimum transfer rate a client must keep, checked once a grace period has passed (Kestrel's MinDataRate).</summary>
public sealed record MinDataRate
{
    /// <summary>Creates a rate of <paramref name="bytesPerSecond"/> (above 0), checked after <paramref name="gracePeriod"/> (at least one second, the heartbeat's tick).</summary>
    public MinDataRate(double bytesPerSecond, TimeSpan gracePeriod)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.FromSeconds(1));
        BytesPerSecond = bytesPerSecond;
        GracePeriod = gracePeriod;
    }

    /// <summary>The slowest rate allowed, in bytes a second.</summary>
    public double BytesPerSecond { get; }

    /// <summary>How long a transfer may run before its rate is checked.</summary>
    public TimeSpan GracePeriod { get; }

    /// <summary>Whether <paramref name="bytes"/> moved in <paramref name="elapsedMilliseconds"/> fall short of the rate, once the grace period has passed.</summary>
    internal bool IsTooSlow(long bytes, long elapsedMilliseconds) =>
        elapsedMilliseconds > GracePeriod.TotalMilliseconds && bytes < BytesPerSecond * elapsedMilliseconds / 1000;

    /// <summary>How long a write of <paramref name="bytes"/> may wait: the grace period, or the time the bytes take at the minimum rate when longer.</summary>
    internal long AllowedMilliseconds(long bytes) =>
        (long)Math.Max(GracePeriod.TotalMilliseconds, bytes * 1000 / BytesPerSecond);
}
