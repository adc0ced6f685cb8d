using Roll.Tests.Shared;

namespace Roll.Redis.Tests;

/// <summary>A fact skipped, with the reason, where redis-server is not installed (.ci/run installs it).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = RedisServer.SkipReason;
    }
}
