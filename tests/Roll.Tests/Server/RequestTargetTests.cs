namespace Roll.Tests.Server;

public class RequestTargetTests
{
    [Theory]
    [InlineData("/a/b?x=1", "/a/b", "x=1")]
    [InlineData("/caf%C3%A9%20au%2Flait?q=%20", "/café au/lait", "q=%20")]
    [InlineData("/?", "/", "")]
    [InlineData("http://example.com/a/b?x=1", "/a/b", "x=1")]
    [InlineData("http://example.com", "/", "")]
    [InlineData("http://example.com?x=1", "/", "x=1")]
    [InlineData("https://example.com:8080/a?x=1", "/a", "x=1")]
    [InlineData("http://[::1]:8080/a", "/a", "")]
    public async Task PathAndQueryComeFromTheTarget(string target, string path, string query)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET {target} HTTP/1.1\r\nHost: example.com\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal($"{path} [{query}] {target}", response.Text);
    }

    [Fact]
    public async Task OptionsAsteriskReachesTheAppWithAsteriskForPath()
    {
        var app = App();
        app.OnHeaders((request, response) =>
        {
            if (request.Path != "*")
            {
                return false;
            }
            response.Headers["Allow"] = "GET, OPTIONS";
            return true;
        });
        await using var connection = new RawConnection(app);

        await connection.SendAsync("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal("GET, OPTIONS", response.Header("Allow"));
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/{path:any}", (request, response) => response.Body = $"{request.Path} [{request.QueryString}] {request.Url}");
        return app;
    }
}
