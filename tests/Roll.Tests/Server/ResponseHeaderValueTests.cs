namespace Roll.Tests.Server;

// RFC 9110 §5.5: a header value of other octets than ASCII is obs-text, read differently by each client.
public class ResponseHeaderValueTests
{
    [Theory]
    [InlineData("/set")]
    [InlineData("/add")]
    public async Task ANonAsciiHeaderValueMakesTheAnswerA500WithAnAsciiHead(string path)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET /fine HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        var after = await connection.ReadResponseAsync();

        Assert.Equal(500, response.Status);
        Assert.Null(response.Header("X-Name"));
        var head = response.Raw[..response.Raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.True(head.All(char.IsAscii), head);
        Assert.Equal("fine", after.Text);
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/set", (request, response) =>
        {
            response.Headers["X-Name"] = "café";
            response.Body = "unreached";
        });
        app.Route("/add", (request, response) =>
        {
            response.Headers.Add("X-Name", "naïve");
            response.Body = "unreached";
        });
        app.Route("/fine", (request, response) => response.Body = "fine");
        return app;
    }
}
