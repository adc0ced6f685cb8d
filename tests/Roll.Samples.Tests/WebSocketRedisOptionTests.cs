using Roll;
using Roll.Redis;
using WebSocketSample;

namespace Samples.Tests;

/// <summary>The WebSocket sample's <c>--redis</c> option: read from the command line or the environment, and nothing without it.</summary>
public class WebSocketRedisOptionTests
{
    private static readonly Func<string, string?> s_noEnvironment = _ => null;

    [Fact]
    public void TheRedisOptionIsTakenOutAndTheRestIsLeftForTheServer()
    {
        var (redis, rest) = RedisOption.Read(["--port", "8001", "--redis", "127.0.0.1:6379", "--quiet"], s_noEnvironment);

        Assert.Equal("127.0.0.1:6379", redis);
        Assert.Equal(["--port", "8001", "--quiet"], rest);
    }

    [Fact]
    public void TheEnvironmentGivesRedisAndTheCommandLineWins()
    {
        Func<string, string?> environment = name => name == "ROLL_REDIS" ? "redis.internal:6379" : null;

        Assert.Equal("redis.internal:6379", RedisOption.Read([], environment).Redis);
        Assert.Equal("127.0.0.1:7000", RedisOption.Read(["--redis", "127.0.0.1:7000"], environment).Redis);
        Assert.Null(RedisOption.Read(["--port", "0"], s_noEnvironment).Redis);
        Assert.Throws<ArgumentException>(() => RedisOption.Read(["--redis"], s_noEnvironment));
    }

    [Fact]
    public void WithoutRedisTheChatStaysInItsProcessAndWithItTheStoreHasABackplane()
    {
        Assert.Null(WebSocketApp.Create().WebSocketsStore().Backplane);

        var backplane = Assert.IsType<RedisBackplane>(WebSocketApp.Create("127.0.0.1:6379").WebSocketsStore().Backplane);
        Assert.Equal("roll:websockets", backplane.Channel);
    }
}
