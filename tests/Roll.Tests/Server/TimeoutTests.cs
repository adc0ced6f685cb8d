using System.Net;

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

    [Fact]
    public async Task BodyThatStopsComingIsAnswered408AndClosedAfterTheBodyTimeout()
    {
        var app = App();
        var handled = false;
        app.Route("/upload", (request, response) => handled = true, methods: ["POST"]);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(408, response.Status);
        Assert.True(response.AsksToClose);
        Assert.False(handled, "The handler ran without its body.");
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ALazyBodyThatStopsComingFailsItsReadWith408()
    {
        var app = App();
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failure = new TaskCompletionSource<HttpStatusCode>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Route("/stream", async (request, response) =>
        {
            try
            {
                await foreach (var chunk in request.ReadChunksAsync())
                {
                    firstSeen.TrySetResult();
                }
            }
            catch (HttpError error)
            {
                failure.TrySetResult(error.Status);
                throw;
            }
        }, methods: ["POST"], lazyBody: true);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
        await firstSeen.Task.WaitAsync(RawConnection.Patience);

        Assert.Equal(HttpStatusCode.RequestTimeout, await failure.Task.WaitAsync(RawConnection.Patience));
        var response = await connection.ReadResponseAsync();
        Assert.Equal(408, response.Status);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1);
        app.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        app.Limits.RequestBodyTimeout = TimeSpan.FromSeconds(1);
        app.Route("/", (request, response) => response.Body = "on time");
        return app;
    }
}
