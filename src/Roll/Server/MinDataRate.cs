namespace Roll.Server;

/// <summary>A minimum transfer rate a client must keep, checked once a grace period has passed (Kestrel's MinDataRate).</summary>
/// <param name="BytesPerSecond">The slowest rate allowed, in bytes a second.</param>
/// <param name="GracePeriod">How long the transfer may run before the rate is checked (at least one second: the heartbeat's tick).</param>
public sealed record MinDataRate(double BytesPerSecond, TimeSpan GracePeriod)
{
    /// <summary>Whether <paramref name="bytes"/> moved in <paramref name="elapsedMilliseconds"/> fall short of the rate, once the grace period has passed.</summary>
    internal bool IsTooSlow(long bytes, long elapsedMilliseconds) =>
        elapsedMilliseconds > GracePeriod.TotalMilliseconds && bytes < BytesPerSecond * elapsedMilliseconds / 1000;

    /// <summary>How long a write of <paramref name="bytes"/> may wait: the grace period, or the time the bytes take at the minimum rate when longer.</summary>
    internal long AllowedMilliseconds(long bytes) =>
        (long)Math.Max(GracePeriod.TotalMilliseconds, bytes * 1000 / BytesPerSecond);
}
