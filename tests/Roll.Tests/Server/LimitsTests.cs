using System.Text;

namespace Roll.Tests.Server;

public class LimitsTests
{
    [Fact]
    public async Task TargetLongerThanTheLimitIsAnswered414()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET /{new string('a', 200)} HTTP/1.1\r\nHost: x\r\n\r\n");

        await AssertRefusedAsync(connection, 414);
    }

    [Fact]
    public async Task TargetLongerThanTheLimitIsAnswered414BeforeItsLineEnds()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET /{new string('a', 2000)}");

        await AssertRefusedAsync(connection, 414);
    }

    [Fact]
    public async Task TargetAtTheLimitIsServed()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET /{new string('a', 99)} HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task HeadersLargerThanTheLimitAreAnswered431()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('b', 600)}\r\n\r\n");

        await AssertRefusedAsync(connection, 431);
    }

    [Fact]
    public async Task HeadersLargerThanTheLimitAreAnswered431BeforeTheyEnd()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('b', 3000)}");

        await AssertRefusedAsync(connection, 431);
    }

    [Fact]
    public async Task MoreHeadersThanTheLimitAreAnswered431()
    {
        await using var connection = new RawConnection(App());

        var headers = string.Concat(Enumerable.Range(0, 10).Select(i => $"X-{i}: {i}\r\n"));
        await connection.SendAsync($"GET / HTTP/1.1\r\nHost: x\r\n{headers}\r\n");

        await AssertRefusedAsync(connection, 431);
    }

    [Theory]
    [InlineData("Content-Length: 20\r\n\r\n01234567890123456789")]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n14\r\n01234567890123456789\r\n0\r\n\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n01234\r\n5\r\n01234\r\n0\r\n\r\n")]
    public async Task BodyLargerThanTheLimitIsAnswered413(string framingAndBody)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST /eager HTTP/1.1\r\nHost: x\r\n" + framingAndBody);
        var response = await connection.ReadResponseAsync();

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task BodyLargerThanTheLimitIsReadByALazyRoute()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST /lazy HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n01234567890123456789");

        Assert.Equal("20 bytes", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task ClaimedBodyLengthIsNotAllocatedBeforeTheBytesArrive()
    {
        // A head alone could otherwise make the server allocate whatever length it claims.
        var app = new RollApp();
        app.Route("/lazy", async (request, response) => response.Body = $"{(await request.ReadAsync(maxSize: long.MaxValue)).Length} bytes", methods: ["POST"], lazyBody: true);
        await using var connection = new RawConnection(app);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        await connection.SendAsync("POST /lazy HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\nonly this");
        await connection.CloseSendingAsync();
        var response = await connection.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.InRange(GC.GetTotalAllocatedBytes(precise: true) - before, 0, 256 * 1024 * 1024);
    }

    private static async Task AssertRefusedAsync(RawConnection connection, int status)
    {
        var response = await connection.ReadResponseAsync();
        Assert.True(response.Status == status, response.Raw);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Limits.MaxRequestTargetSize = 100;
        app.Limits.MaxRequestHeadersTotalSize = 512;
        app.Limits.MaxRequestHeaderCount = 8;
        app.Limits.MaxRequestBodySize = 10;
        app.Route("/eager", (request, response) => response.Body = request.Body, methods: ["POST"]);
        // A lazy route that reads its body whole sets its own limit.
        app.Route("/lazy", async (request, response) => response.Body = $"{(await request.ReadAsync(maxSize: 100)).Length} bytes", methods: ["POST"], lazyBody: true);
        app.Route("/{path:any}", (request, response) => response.Body = "served");
        return app;
    }
}
