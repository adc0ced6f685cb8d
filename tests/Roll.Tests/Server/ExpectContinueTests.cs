namespace Roll.Tests.Server;

public class ExpectContinueTests
{
    private const string Head = "POST /{0} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";

    [Fact]
    public async Task ContinueIsSentWhenTheBodyIsRead()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(string.Format(Head, "echo"));
        var interim = await connection.ReadResponseAsync();
        await connection.SendAsync("hello");
        var response = await connection.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", interim.Raw);
        Assert.Equal("hello", response.Text);
        Assert.False(response.AsksToClose);
    }

    [Fact]
    public async Task ContinueIsSentWhenALazyHandlerReadsTheBody()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(string.Format(Head, "lazy"));
        var interim = await connection.ReadResponseAsync();
        await connection.SendAsync("hello");

        Assert.Equal(100, interim.Status);
        Assert.Equal("hello", (await connection.ReadResponseAsync()).Text);
    }

    [Theory]
    [InlineData("ignore")]
    [InlineData("missing")]
    public async Task ContinueIsNotSentAndTheConnectionClosedWhenTheAnswerComesWithoutReading(string path)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(string.Format(Head, path));
        var response = await connection.ReadResponseAsync();

        Assert.NotEqual(100, response.Status);
        Assert.True(response.AsksToClose, response.Raw);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task Http10ExpectationIsIgnored()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal("hello", response.Text);
    }

    [Fact]
    public async Task UnknownExpectationIsAnswered417()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 5\r\n\r\nhello");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(417, response.Status);
        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/echo", (request, response) => response.Body = request.Body, methods: ["POST"]);
        app.Route("/lazy", async (request, response) => response.Body = await request.ReadAsync(), methods: ["POST"], lazyBody: true);
        app.Route("/ignore", (request, response) => response.Body = "not reading it", methods: ["POST"], lazyBody: true);
        return app;
    }
}
