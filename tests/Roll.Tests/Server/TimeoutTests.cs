namespace Roll.Tests.Server;

/// <summary>Timeouts are enforced by a heartbeat that ticks once a second, so each wait here allows a few seconds (RawConnection's patience is ten).</summary>
public class TimeoutTests
{
    [Fact]
    public async Task PartialHeadIsAnswered408AndClosedAfterTheHeadersTimeout()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(408, response.Status);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task IdleKeepAliveConnectionIsClosedSilently()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);

        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ConnectionThatNeverSendsIsClosedSilently()
    {
        await using var connection = new RawConnection(App());

        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task EmptyLinesBetweenRequestsDoNotStartTheHeadersTimeout()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);

        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1);
        app.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        app.Route("/", (request, response) => response.Body = "on time");
        return app;
    }
}
