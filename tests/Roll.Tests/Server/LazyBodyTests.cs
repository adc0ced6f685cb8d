using System.IO.Pipelines;
using System.Text;

namespace Roll.Tests.Server;

public class LazyBodyTests
{
    [Theory]
    [InlineData("Content-Length: 11\r\n\r\nhello world")]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")]
    public async Task ReadAsyncLoadsTheWholeBody(string framingAndBody)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST /read HTTP/1.1\r\nHost: x\r\n" + framingAndBody);

        Assert.Equal("hello world", (await connection.ReadResponseAsync()).Text);
    }

    [Theory]
    [InlineData("Content-Length: 11\r\n\r\nhello world")]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")]
    public async Task ReadAsyncRefusesABodyOverTheAppsLimit(string framingAndBody)
    {
        var app = App();
        app.Limits.MaxRequestBodySize = 10;
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST /read HTTP/1.1\r\nHost: x\r\n" + framingAndBody);

        Assert.Equal(413, (await connection.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task ReadAsyncTakesALargerLimitWhenAsked()
    {
        var app = new RollApp();
        app.Limits.MaxRequestBodySize = 10;
        app.Route("/", async (request, response) => response.Body = (await request.ReadAsync(maxSize: 100)).Length.ToString(), methods: ["POST"], lazyBody: true);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world");

        Assert.Equal("11", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task BodyIsLazyUntilRead()
    {
        var app = new RollApp();
        app.Route("/", async (request, response) =>
        {
            var before = request.IsBodyLazy;
            await request.ReadAsync();
            response.Body = $"{before} {request.IsBodyLazy} {Encoding.ASCII.GetString(request.Body)}";
        }, methods: ["POST"], lazyBody: true);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");

        Assert.Equal("True False ok", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task ReadChunksAsyncHandsOutTheBodyAsItArrives()
    {
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstSeen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.Route("/", async (request, response) =>
        {
            var pieces = new List<string>();
            await foreach (var chunk in request.ReadChunksAsync())
            {
                pieces.Add(Encoding.ASCII.GetString(chunk.Span));
                firstSeen.TrySetResult(pieces[0]);
            }
            response.Body = string.Join("|", pieces);
        }, methods: ["POST"], lazyBody: true);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
        Assert.Equal("first", await firstSeen.Task.WaitAsync(RawConnection.Patience));
        await connection.SendAsync("6\r\nsecond\r\n0\r\n\r\n");

        Assert.Equal("first|second", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task EngineReadsNoFurtherAheadThanTheHandler()
    {
        // The client's pipe pauses its writer while more than 1 KiB is unread: if the engine took the body
        // in before the handler asked for it, the client's write would go through at once.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.Route("/", async (request, response) =>
        {
            started.SetResult();
            await go.Task;
            long total = 0;
            await foreach (var chunk in request.ReadChunksAsync())
            {
                total += chunk.Length;
            }
            response.Body = $"{total} bytes";
        }, methods: ["POST"], lazyBody: true);
        var pipe = new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false);
        await using var connection = new RawConnection(app, pipe);
        const int size = 256 * 1024;

        var write = connection.Output.WriteAsync(Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\n\r\n{new string('b', size)}"));
        await started.Task.WaitAsync(RawConnection.Patience);

        Assert.False(write.IsCompleted, "The engine read the body before the handler asked for it.");
        go.SetResult();
        await write.AsTask().WaitAsync(RawConnection.Patience);
        Assert.Equal($"{size} bytes", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task SmallBodyTheHandlerLeavesIsReadPastAndTheConnectionGoesOn()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        var first = await connection.ReadResponseAsync();
        await connection.SendAsync("POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nagain");
        var second = await connection.ReadResponseAsync();

        Assert.False(first.AsksToClose);
        Assert.Equal("again", second.Text);
    }

    [Fact]
    public async Task LargeBodyTheHandlerLeavesClosesTheConnection()
    {
        var app = App();
        app.Limits.MaxDrainSize = 16;
        await using var connection = new RawConnection(app);

        await connection.SendAsync($"POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{new string('x', 100)}");
        var response = await connection.ReadResponseAsync();

        Assert.Equal("ignored", response.Text);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("Content-Length: 5\r\nExpect: 100-continue\r\n\r\nhello")]
    public async Task StreamingTheBodyBackKeepsTheConnectionAlive(string framingAndBody)
    {
        var app = App();
        app.Route("/echo", (request, response) => response.Body = ResponseBody.FromChunks(request.ReadChunksAsync()),
            methods: ["POST"], lazyBody: true);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\n" + framingAndBody);
        var first = await connection.ReadResponseAsync();
        if (first.Status == 100)
        {
            first = await connection.ReadResponseAsync();
        }
        await connection.SendAsync("POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nagain");
        var second = await connection.ReadResponseAsync();

        Assert.Equal("hello", first.Text);
        Assert.False(first.AsksToClose);
        Assert.Equal("again", second.Text);
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/read", async (request, response) => response.Body = await request.ReadAsync(), methods: ["POST"], lazyBody: true);
        app.Route("/ignore", (request, response) => response.Body = "ignored", methods: ["POST"], lazyBody: true);
        return app;
    }
}
