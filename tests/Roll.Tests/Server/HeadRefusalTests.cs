namespace Roll.Tests.Server;

// RFC 9110 §9.3.2: an answer to HEAD has no content, the engine's own refusals included. The reader parses each
// answer as one to HEAD, so a body sent anyway is read as the next answer and fails the test.
public class HeadRefusalTests
{
    [Theory]
    [InlineData("HEAD / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n", 400)]
    [InlineData("HEAD / HTTP/1.1\r\nHost: user@a\r\n\r\n", 400)]
    [InlineData("HEAD /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: a\r\n\r\n", 414)]
    [InlineData("HEAD / HTTP/1.1\r\nHost: a\r\nExpect: the-impossible\r\n\r\n", 417)]
    [InlineData("HEAD / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431)]
    [InlineData("HEAD / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)]
    [InlineData("HEAD / HTTP/2.0\r\nHost: a\r\n\r\n", 505)]
    public async Task TheEnginesRefusalOfAHeadHasHeadersAndNoBody(string request, int status)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync(answersHead: true);

        Assert.Equal(status, response.Status);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ATargetTooLongForTheLineLimitIsRefusedToAHeadWithoutABody()
    {
        await using var connection = new RawConnection(App());

        // No end of line: the engine refuses the line once it outgrows the limit, before the head is complete.
        await connection.SendAsync("HEAD /" + new string('a', 2000));
        var response = await connection.ReadResponseAsync(answersHead: true);

        Assert.Equal(414, response.Status);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ARefusalAfterAHeadRequestCarriesItsBody()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
        var head = await connection.ReadResponseAsync(answersHead: true);
        await connection.SendAsync("BROKEN\r\n\r\n");
        var refusal = await connection.ReadResponseAsync();

        Assert.Equal(200, head.Status);
        Assert.Equal(400, refusal.Status);
        Assert.NotEmpty(refusal.Body);
        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Limits.MaxRequestTargetSize = 64;
        app.Limits.MaxRequestHeaderCount = 3;
        app.Route("/", (request, response) => response.Body = "hello");
        return app;
    }
}
