namespace Roll.Tests.Server;

public class BodilessResponseTests
{
    [Fact]
    public async Task HeadIsAnsweredWithGetsHeadersButNoBody()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var get = await connection.ReadResponseAsync();
        var head = await connection.ReadResponseAsync(answersHead: true);
        var after = await connection.ReadResponseAsync();

        Assert.Equal("hello, world", get.Text);
        Assert.Equal(200, head.Status);
        Assert.Equal(get.Header("Content-Length"), head.Header("Content-Length"));
        Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
        Assert.Empty(head.Body);
        Assert.Equal("hello, world", after.Text);
    }

    [Fact]
    public async Task HeadOfAStreamedBodySendsItsHeadersButNoChunk()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("HEAD /chunks HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await connection.ReadResponseAsync(answersHead: true);
        var after = await connection.ReadResponseAsync();

        Assert.True(head.IsChunked);
        Assert.EndsWith("\r\n\r\n", head.Raw);
        Assert.Equal("hello, world", after.Text);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task StatusWithoutContentSendsNoBodyNorLength(int status)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET /status/{status} HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        var after = await connection.ReadResponseAsync();

        Assert.Equal(status, response.Status);
        Assert.Null(response.Header("Content-Length"));
        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Equal("hello, world", after.Text);
    }

    [Theory]
    [InlineData(204)]
    public async Task NoContentAnswersDropFramingHeadersTheHandlerSet(int status)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET /framed/{status} HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        var after = await connection.ReadResponseAsync();

        // RFC 9110 §8.6 and RFC 9112 §6.1: no Content-Length nor Transfer-Encoding in a 1xx or 204.
        Assert.Equal(status, response.Status);
        Assert.Null(response.Header("Content-Length"));
        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Equal("X", response.Header("X-Kept"));
        Assert.Equal("hello, world", after.Text);
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "hello, world");
        app.Route("/chunks", (request, response) => response.Body = ResponseBody.FromChunks(Chunks()));
        app.Route("/status/{code:digit}", (request, response, code) =>
        {
            response.StatusCode = int.Parse(code);
            response.Body = "this body must not be sent";
        });
        app.Route("/framed/{code:digit}", (request, response, code) =>
        {
            response.StatusCode = int.Parse(code);
            response.Headers["Content-Length"] = "12";
            response.Headers["Transfer-Encoding"] = "chunked";
            response.Headers["X-Kept"] = "X";
        });
        return app;
    }

    private static async IAsyncEnumerable<string> Chunks()
    {
        await Task.Yield();
        yield return "never sent";
    }
}
