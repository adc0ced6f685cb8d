using System.Net.WebSockets;
using Roll.Testing;
using Roll.Tests.Shared;

namespace Roll.Redis.Tests;

/// <summary>Two apps in one test process, each with its own server and a Redis backplane on one real redis-server.</summary>
[Trait("Category", "System")]
public sealed class CrossProcessTests
{
    [RedisFact]
    public async Task AMessageReachesTheOtherAppsClientsOnceAndNotItsSender()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ChatProcess.StartSubscribedAsync(redis.Address);
        await using var b = await ChatProcess.StartSubscribedAsync(redis.Address);
        using var a1 = await a.ConnectAsync();
        using var a2 = await a.ConnectAsync();
        using var b1 = await b.ConnectAsync();

        await a1.SendTextAsync("hello from A");

        Assert.Equal("hello from A", await a2.ReceiveTextAsync());
        Assert.Equal("hello from A", await b1.ReceiveTextAsync());
        await b1.SendTextAsync("hello from B");
        // The sender's first message is the answer: it never got its own, and A's other client got "hello from A" once.
        Assert.Equal("hello from B", await a1.ReceiveTextAsync());
        Assert.Equal("hello from B", await a2.ReceiveTextAsync());
        Assert.Equal(1, a.Backplane.Published);
        Assert.Equal(1, b.Backplane.Received);
        Assert.Equal(0, a.Backplane.Dropped);
    }

    [RedisFact]
    public async Task ABinaryMessageCrossesAsBytes()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ChatProcess.StartSubscribedAsync(redis.Address);
        await using var b = await ChatProcess.StartSubscribedAsync(redis.Address);
        using var a1 = await a.ConnectAsync();
        using var b1 = await b.ConnectAsync();
        byte[] bytes = [0, 1, 2, 255, 254];

        await b1.SendBytesAsync(bytes);
        var received = await a1.ReceiveMessageAsync();
        await a1.SendTextAsync("text after bytes");

        Assert.Equal(WebSocketMessageType.Binary, received.Type);
        Assert.Equal(bytes, received.Data.ToArray());
        Assert.Equal("text after bytes", await b1.ReceiveTextAsync());
    }

    [RedisFact]
    public async Task AppsOnAnotherChannelPrefixHearNothing()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ChatProcess.StartSubscribedAsync(redis.Address);
        await using var other = await ChatProcess.StartSubscribedAsync(redis.Address, channelPrefix: "other:");
        await using var b = await ChatProcess.StartSubscribedAsync(redis.Address);
        using var a1 = await a.ConnectAsync();
        using var o1 = await other.ConnectAsync();
        using var b1 = await b.ConnectAsync();

        await a1.SendTextAsync("for roll: only");
        Assert.Equal("for roll: only", await b1.ReceiveTextAsync());
        await other.Store.BroadcastAsync("first on other:");

        Assert.Equal("first on other:", await o1.ReceiveTextAsync());
        Assert.Equal("other:websockets", other.Backplane.Channel);
    }
}
