using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Roll;

/// <summary>One rate limiter per partition key (a client address, say), created on first use and dropped once idle, up to a cap.</summary>
/// <remarks>
/// <see cref="PartitionedRateLimiter"/> does the same with a fixed ten-second idle time, no bound on the number of
/// partitions and no way to count them; this table keeps the library's limiters and their <see cref="RateLimiter.IdleDuration"/>
/// but bounds the count and lets the idle time be chosen. One timer replenishes every limiter (they are created
/// without timers of their own) and drops those idle for longer than <see cref="IdleTimeout"/>. Past
/// <see cref="MaxPartitions"/>, new keys share one overflow limiter, so that a flood of addresses is limited as one
/// client instead of growing the table.
/// </remarks>
internal sealed class RateLimitPartitions<TKey> : IDisposable where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, RateLimiter> _limiters = new();
    private readonly Func<RateLimiter> _create;
    private readonly Lazy<RateLimiter> _overflow;
    private readonly Timer _timer;
    private int _count;

    public RateLimitPartitions(Func<RateLimiter> create, int maxPartitions, TimeSpan idleTimeout, TimeSpan tick)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        _create = create;
        _overflow = new Lazy<RateLimiter>(create);
        MaxPartitions = maxPartitions;
        IdleTimeout = idleTimeout;
        _timer = new Timer(static state => ((RateLimitPartitions<TKey>)state!).Tick(), this, tick, tick);
    }

    /// <summary>How many keys have a limiter of their own at most.</summary>
    public int MaxPartitions { get; }

    /// <summary>How long a limiter stays fully replenished and unused before it is dropped.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>How many keys have a limiter of their own now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Acquires one permit for <paramref name="key"/>, waiting in the limiter's queue if it has one.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(TKey key, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var limiter = Get(key);
            try
            {
                return await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // Dropped as idle between the look-up and the acquisition: the next look-up makes a fresh one.
            }
        }
    }

    private RateLimiter Get(TKey key)
    {
        if (_limiters.TryGetValue(key, out var limiter))
        {
            return limiter;
        }
        if (Volatile.Read(ref _count) >= MaxPartitions)
        {
            return _overflow.Value;
        }
        var created = _create();
        if (_limiters.TryAdd(key, created))
        {
            Interlocked.Increment(ref _count);
            return created;
        }
        created.Dispose();
        return _limiters.TryGetValue(key, out limiter) ? limiter : Get(key);
    }

    private void Tick()
    {
        foreach (var (key, limiter) in _limiters)
        {
            if (limiter is ReplenishingRateLimiter replenishing)
            {
                replenishing.TryReplenish();
            }
            if (limiter.IdleDuration > IdleTimeout && _limiters.TryRemove(new KeyValuePair<TKey, RateLimiter>(key, limiter)))
            {
                Interlocked.Decrement(ref _count);
                limiter.Dispose();
            }
        }
        if (_overflow.IsValueCreated && _overflow.Value is ReplenishingRateLimiter overflow)
        {
            overflow.TryReplenish();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
        _limiters.Clear();
        if (_overflow.IsValueCreated)
        {
            _overflow.Value.Dispose();
        }
    }
}
