using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Roll.Testing;
using Roll.Tests.Shared;

namespace Roll.Redis.Tests;

/// <summary>What the apps do when Redis goes away and comes back, or is not there when they start.</summary>
[Trait("Category", "System")]
public sealed class OutageTests
{
    private static readonly TimeSpan s_resume = TimeSpan.FromSeconds(5);

    [RedisFact]
    public async Task LocalDeliveryOutlivesAnOutageAndCrossProcessDeliveryResumesWithinFiveSeconds()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ChatProcess.StartSubscribedAsync(redis.Address);
        await using var b = await ChatProcess.StartSubscribedAsync(redis.Address);
        using var a1 = await a.ConnectAsync();
        using var a2 = await a.ConnectAsync();
        using var b1 = await b.ConnectAsync();
        await a1.SendTextAsync("before");
        Assert.Equal("before", await b1.ReceiveTextAsync());
        Assert.Equal("before", await a2.ReceiveTextAsync());

        await redis.KillAsync();
        await a.Log.WaitForAsync("Lost Redis");
        var broadcast = Stopwatch.StartNew();
        await a.Store.BroadcastAsync("during").WaitAsync(TimeSpan.FromSeconds(1));
        broadcast.Stop();
        await a1.SendTextAsync("during, from a client");

        Assert.Equal("during", await a1.ReceiveTextAsync());
        Assert.Equal("during", await a2.ReceiveTextAsync());
        Assert.Equal("during, from a client", await a2.ReceiveTextAsync());
        Assert.Equal(2, a.Backplane.Dropped);
        Assert.False(a.Backplane.IsConnected);
        Assert.True(broadcast.Elapsed < TimeSpan.FromMilliseconds(500), $"A broadcast took {broadcast.Elapsed} while Redis was away.");

        await redis.RestartAsync();
        var resumed = await SendUntilReceivedAsync(a1, b1);

        Assert.True(resumed < s_resume, $"Cross-process delivery resumed after {resumed}.");
        await b1.SendTextAsync("and back");
        Assert.Equal("and back", await a1.ReceiveTextAsync());
        Assert.True(a.Backplane.IsConnected);
        Assert.Single(a.Log.Lines, line => line.Level == LogLevel.Warning && line.Text.Contains("Lost Redis"));
        // The outage's drops are counted and told: the two above and the first tries of SendUntilReceivedAsync.
        var back = Assert.Single(a.Log.Lines, line => line.Text.Contains("is back:"));
        Assert.Matches(@"; ([2-9]|\d\d+) dropped meanwhile", back.Text);
        Assert.True(a.Backplane.Dropped >= 2);
    }

    [RedisFact]
    public async Task AnAppStartsWithoutRedisAndCrossesOnceItIsThere()
    {
        var port = RedisServer.FreePort();
        var start = Stopwatch.StartNew();
        await using var a = await ChatProcess.StartAsync($"127.0.0.1:{port}");
        await using var b = await ChatProcess.StartAsync($"127.0.0.1:{port}");
        start.Stop();
        using var a1 = await a.ConnectAsync();
        using var a2 = await a.ConnectAsync();
        using var b1 = await b.ConnectAsync();

        await a1.SendTextAsync("alone");
        Assert.Equal("alone", await a2.ReceiveTextAsync());
        Assert.Equal(1, a.Backplane.Dropped);
        Assert.False(a.Backplane.IsConnected);
        var warning = Assert.Single(a.Log.Lines, line => line.Level == LogLevel.Warning);
        Assert.Contains("not reachable", warning.Text);

        await using var redis = RedisServer.NotStarted(port);
        await redis.RestartAsync();
        var resumed = await SendUntilReceivedAsync(a1, b1);

        Assert.True(resumed < s_resume, $"Cross-process delivery began {resumed} after Redis started.");
        Assert.True(start.Elapsed < TimeSpan.FromSeconds(8), $"Two apps took {start.Elapsed} to start without Redis.");
        Assert.Single(a.Log.Lines, line => line.Level == LogLevel.Warning);
        await b1.SendTextAsync("hello A");
        Assert.Equal("hello A", await a1.ReceiveTextAsync());
    }

    /// <summary>Sends numbered messages from one client every 100 ms until the other gets one; returns how long that took.</summary>
    private static async Task<TimeSpan> SendUntilReceivedAsync(WebSocket sender, WebSocket receiver)
    {
        var clock = Stopwatch.StartNew();
        var received = receiver.ReceiveTextAsync();
        for (var i = 0; !received.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(15); i++)
        {
            await sender.SendTextAsync($"after {i}");
            await Task.WhenAny(received, Task.Delay(100));
        }
        var text = await received;
        // The first message the other side gets is one sent after the outage: nothing from during it was kept.
        Assert.StartsWith("after ", text);
        return clock.Elapsed;
    }
}
