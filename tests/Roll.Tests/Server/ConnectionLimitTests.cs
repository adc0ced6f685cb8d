using System.Net;
using System.Net.Sockets;
using Roll.Server;

namespace Roll.Tests.Server;

/// <summary>How many connections the server holds, and who gets an address: <see cref="ServerLimits.MaxConnections"/> and binding.</summary>
public class ConnectionLimitTests
{
    /// <summary>How long a client waits to see that it is not served; long enough for a server that would serve it.</summary>
    private static readonly TimeSpan NotServedWithin = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task AtMaxConnectionsANewClientWaitsInTheBacklogAndIsServedOnceAConnectionCloses()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "served");
        app.Limits.MaxConnections = 2;
        await using var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        var endPoint = server.EndPoints[0];
        using var first = await SocketClient.ConnectAsync(endPoint);
        using var second = await SocketClient.ConnectAsync(endPoint);
        foreach (var client in new[] { first, second })
        {
            await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("served", (await client.ReadResponseAsync()).Text);
        }

        using var third = await SocketClient.ConnectAsync(endPoint);
        await third.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var answer = third.ReadResponseAsync();
        var early = await Task.WhenAny(answer, Task.Delay(NotServedWithin));
        Assert.NotSame(answer, early);
        first.Dispose();

        Assert.Equal("served", (await answer.WaitAsync(RawConnection.Patience)).Text);
    }

    [Fact]
    public async Task ASecondServerOnAnAddressInUseFailsWithAMessageNamingIt()
    {
        await using var first = new RollServer(new RollApp());
        first.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await first.StartAsync();
        var port = ((IPEndPoint)first.EndPoints[0]).Port;
        await using var second = new RollServer(new RollApp());

        var error = Assert.Throws<IOException>(() => second.Listen("127.0.0.1", port));

        Assert.Equal($"Cannot listen on 127.0.0.1:{port}: the address is in use by another process or listener "
            + "(sharing a port needs --reuse-port in each).", error.Message);
        Assert.Empty(second.EndPoints);
    }

    [Fact]
    public async Task ServersThatBothAskToReuseThePortShareIt()
    {
        await using var first = new RollServer(App("first")) { ReusePort = true };
        first.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await first.StartAsync();
        var endPoint = (IPEndPoint)first.EndPoints[0];
        await using var second = new RollServer(App("second")) { ReusePort = true };
        second.Listen(endPoint);
        await second.StartAsync();

        using var client = await SocketClient.ConnectAsync(endPoint);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Contains((await client.ReadResponseAsync()).Text, new[] { "first", "second" });
        Assert.Equal(endPoint, second.EndPoints[0]);
    }

    [Fact]
    public async Task AServerThatDoesNotAskToReuseThePortCannotJoinOneThatDoes()
    {
        await using var first = new RollServer(new RollApp()) { ReusePort = true };
        first.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await first.StartAsync();
        await using var second = new RollServer(new RollApp());

        Assert.Throws<IOException>(() => second.Listen((IPEndPoint)first.EndPoints[0]));
    }

    [Fact]
    public async Task AStoppedServersPortCanBeListenedOnAgainAtOnceDespiteConnectionsInTimeWait()
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        await using (var first = new RollServer(App("first")))
        {
            first.Listen(endPoint);
            await first.StartAsync();
            endPoint = (IPEndPoint)first.EndPoints[0];
            using var client = await SocketClient.ConnectAsync(endPoint);
            await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            await client.ReadResponseAsync();
            // The server closed first, so its side of the connection is the one left in TIME_WAIT.
            await client.AssertClosedAsync();
        }
        await using var second = new RollServer(App("second"));

        second.Listen(endPoint);

        Assert.Equal(endPoint, second.EndPoints[0]);
    }

    [Theory]
    [InlineData(1024, 30, 930)]
    [InlineData(256, 62, 130)]
    [InlineData(65536, 62, 61378)]
    [InlineData(128, 62, 16)]
    public void TheDefaultCapLeavesTheRuntimeAReserveOfDescriptors(long limit, long open, int expected)
    {
        Assert.Equal(expected, DescriptorBudget.Connections(limit, open));
    }

    [Fact]
    public void TheDescriptorLimitIsReadFromProcSelfLimits()
    {
        string[] lines =
        [
            "Limit                     Soft Limit           Hard Limit           Units     ",
            "Max processes             63704                63704                processes ",
            "Max open files            1024                 524288               files     ",
        ];

        Assert.Equal(1024, DescriptorBudget.ReadLimit(lines));
        Assert.Null(DescriptorBudget.ReadLimit(["Max open files            unlimited            unlimited            files     "]));
    }

    private static RollApp App(string name)
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = name);
        return app;
    }
}
