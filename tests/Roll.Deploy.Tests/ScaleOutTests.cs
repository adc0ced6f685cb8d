using System.Net.WebSockets;
using System.Text.RegularExpressions;
using System.Text;
using Roll.Tests.Shared;

namespace Roll.Deploy.Tests;

/// <summary>Two processes of the WebSocket sample with <c>--redis</c>, behind Debian's nginx configured as deploy/nginx-chat.conf says, and one real redis-server.</summary>
[Trait("Category", "System")]
public sealed partial class ScaleOutTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    [SkippableNginxRedisFact]
    public async Task AMessageCrossesFromAClientOfOneProcessToAClientOfTheOther()
    {
        await using var redis = await RedisServer.StartAsync();
        using var first = ChildProcess.Start("dotnet", [Repository.Sample("WebSocket"), "--port", "0", "--redis", redis.Address]);
        using var second = ChildProcess.Start("dotnet", [Repository.Sample("WebSocket"), "--port", "0"],
            environment: new Dictionary<string, string> { ["ROLL_REDIS"] = redis.Address });
        var firstPort = (await first.WaitForLineAsync(@"Rolling on http://127\.0\.0\.1:(\d+)", s_wait)).Groups[1].Value;
        var secondPort = (await second.WaitForLineAsync(@"Rolling on http://127\.0\.0\.1:(\d+)", s_wait)).Groups[1].Value;
        // On a busy machine a process may start before it reaches Redis, and subscribe a moment later.
        await redis.WaitForSubscribersAsync("roll:websockets", 2);
        var folder = Directory.CreateTempSubdirectory("roll-chat-");
        // nginx's workers run as another user when it starts as root: they must reach the folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.FullName, (UnixFileMode)Convert.ToInt32("755", 8));
        }
        await using var nginx = await Nginx.StartSiteAsync(folder.FullName, "nginx-chat.conf", (site, port) =>
        {
            site = Nginx.Replace(site, "server 127.0.0.1:8001;", $"server 127.0.0.1:{firstPort};");
            site = Nginx.Replace(site, "server 127.0.0.1:8002;", $"server 127.0.0.1:{secondPort};");
            site = Nginx.Replace(site, "listen 80;", $"listen 127.0.0.1:{port};");
            // For the test only: which process each websocket reached.
            return Nginx.Replace(site, "proxy_read_timeout 1h;", "proxy_read_timeout 1h;\n        add_header X-Upstream $upstream_addr always;");
        });
        var clients = new Dictionary<string, (ClientWebSocket Socket, string Id)>();
        for (var attempt = 0; clients.Count < 2 && attempt < 10; attempt++)
        {
            var (socket, upstream, id) = await JoinAsync(nginx.Port);
            if (!clients.TryAdd(upstream, (socket, id)))
            {
                socket.Dispose();
            }
        }
        var (alice, aliceId) = clients[$"127.0.0.1:{firstPort}"];
        var (bob, bobId) = clients[$"127.0.0.1:{secondPort}"];

        await SendAsync(alice, "hello from the first process");

        Assert.Equal($"{aliceId}: hello from the first process", await ReceiveAsync(bob));
        await SendAsync(bob, "hello from the second");
        // Alice's first message is Bob's: hers did not come back to her through Redis.
        Assert.Equal($"{bobId}: hello from the second", await ReceiveAsync(alice));
        foreach (var (socket, _) in clients.Values)
        {
            socket.Dispose();
        }
        first.Signal();
        second.Signal();
        Assert.Equal(0, await first.WaitForExitAsync(s_wait));
        Assert.Equal(0, await second.WaitForExitAsync(s_wait));
        Assert.DoesNotContain("fail", first.Output, StringComparison.OrdinalIgnoreCase);
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(ClientWebSocket Socket, string Upstream, string Id)> JoinAsync(int port)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/chat"), CancellationToken.None);
        var welcome = WelcomeRegex().Match(await ReceiveAsync(socket));
        Assert.True(welcome.Success);
        var upstream = socket.HttpResponseHeaders!["X-Upstream"].Single();
        return (socket, upstream, welcome.Groups[1].Value);
    }

    private static Task SendAsync(WebSocket socket, string text)
        => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(s_wait);
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }

    [GeneratedRegex("^Welcome ([0-9a-f-]{36}) !$")]
    private static partial Regex WelcomeRegex();
}

/// <summary>A fact skipped, with the reason, where Debian's nginx or redis-server is not installed (.ci/run installs both).</summary>
public sealed class SkippableNginxRedisFactAttribute : FactAttribute
{
    public SkippableNginxRedisFactAttribute()
    {
        Skip = Nginx.Program is null ? "nginx is not installed: apt-get install nginx (.ci/run does)" : RedisServer.SkipReason;
    }
}

/// <summary>The scale-out how-to shows the files that deploy/ holds and the tests use, not copies that may drift.</summary>
public class ScaleOutFilesTests
{
    [Theory]
    [InlineData("nginx-chat.conf", "nginx")]
    [InlineData("chat@.service", "ini")]
    public async Task TheScaleOutHowToShowsTheFileAsItIs(string file, string language)
    {
        var content = (await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", file))).TrimEnd('\n');
        var page = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "how-to", "scale-out-websockets.md"));

        Assert.Contains($"```{language}\n{content}\n```", page);
    }
}
