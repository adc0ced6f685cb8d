namespace Roll.Tests.Server;

// The engine decides whether a connection stays open and says so in one Connection header: a handler's
// Connection and Date headers never stand beside the engine's own.
public class ConnectionHeaderTests
{
    [Fact]
    public async Task WhenTheEngineClosesAHandlersKeepAliveBecomesOneConnectionClose()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /keep HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(1, response.HeaderCount("Connection"));
        Assert.Equal("close", response.Header("Connection"));
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task AnHttp10AnswerThatClosesSaysCloseOnceWhateverTheHandlerSet()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /keep HTTP/1.0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(1, response.HeaderCount("Connection"));
        Assert.Equal("close", response.Header("Connection"));
        await connection.AssertClosedAsync();
    }

    [Theory]
    [InlineData("/keep")]
    [InlineData("/other")]
    public async Task AnHttp10KeepAliveAnswerHasExactlyOneConnectionHeader(string path)
    {
        await using var connection = new RawConnection(App());

        for (var i = 0; i < 2; i++)
        {
            await connection.SendAsync($"GET {path} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            var response = await connection.ReadResponseAsync();

            Assert.Equal(1, response.HeaderCount("Connection"));
            Assert.Equal("keep-alive", response.Header("Connection"));
        }
    }

    [Fact]
    public async Task AHandlersConnectionCloseClosesWithOneHeader()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /close HTTP/1.1\r\nHost: x\r\n\r\nGET /keep HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(1, response.HeaderCount("Connection"));
        Assert.Equal("close", response.Header("Connection"));
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task AKeptHttp11ConnectionSendsTheHandlersConnectionHeaderAsSet()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal("X-Custom", response.Header("Connection"));
    }

    [Fact]
    public async Task AHandlersDateIsTheOnlyDate()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /dated HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(1, response.HeaderCount("Date"));
        Assert.Equal("Tue, 01 Dec 2026 10:00:00 GMT", response.Header("Date"));
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/keep", (request, response) =>
        {
            response.Headers["Connection"] = "keep-alive";
            response.Body = "kept?";
        });
        app.Route("/other", (request, response) =>
        {
            response.Headers["Connection"] = "X-Custom";
            response.Body = "other";
        });
        app.Route("/close", (request, response) =>
        {
            response.Headers["Connection"] = "Close";
            response.Body = "closing";
        });
        app.Route("/dated", (request, response) =>
        {
            response.Headers["Date"] = "Tue, 01 Dec 2026 10:00:00 GMT";
            response.Body = "dated";
        });
        return app;
    }
}
