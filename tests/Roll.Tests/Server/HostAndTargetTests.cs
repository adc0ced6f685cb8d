namespace Roll.Tests.Server;

// RFC 9112 §3.2 and RFC 9110 §7.2: the request's host, and the target forms that ask about the server itself.
public class HostAndTargetTests
{
    [Theory]
    [InlineData("user@a")]
    [InlineData("a/b")]
    [InlineData("a, b")]
    [InlineData("a b")]
    [InlineData("a:80x")]
    [InlineData("[::1")]
    [InlineData("[nothex]")]
    [InlineData("a%zz")]
    [InlineData("")]
    public async Task AHostThatIsNotHostAndPortIsRefused400AndTheConnectionClosed(string host)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET /echo HTTP/1.1\r\nHost: {host}\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a.example:8080")]
    [InlineData("127.0.0.1:80")]
    [InlineData("[::1]:8080")]
    [InlineData("[2001:db8::1]")]
    [InlineData("under_score.example")]
    [InlineData("b%C3%BCcher.example")]
    public async Task AHostThatIsHostAndPortIsServed(string host)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET /echo HTTP/1.1\r\nHost: {host}\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal(host, response.Text);
    }

    [Fact]
    public async Task AnEmptyHostIsServedWhenTheAppDoesNotRequireAHost()
    {
        var app = App();
        app.Limits.RequireHostHeader = false;
        await using var connection = new RawConnection(app);

        await connection.SendAsync("GET /echo HTTP/1.1\r\nHost:\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task AnAbsoluteFormTargetGivesTheAppItsAuthorityAsTheHost()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET http://other.example:8080/echo HTTP/1.1\r\nHost: good.example\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal("other.example:8080", response.Text);
        Assert.Equal("other.example:8080", response.Header("X-Host-Header"));
    }

    [Theory]
    [InlineData("http://user@other.example/echo")]
    [InlineData("http:///echo")]
    [InlineData("http://a b/echo")]
    public async Task AnAbsoluteFormTargetWithABadAuthorityIsRefused400(string target)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        await connection.AssertClosedAsync();
    }

    [Theory]
    [InlineData("/echo#part")]
    [InlineData("/echo?x=1#part")]
    [InlineData("http://x.example/echo#part")]
    public async Task ATargetWithAFragmentIsRefused400(string target)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.Equal("Fragment in request target", response.Text);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task OptionsAsteriskIsAnswered200WithTheAppsMethodsAndNoBody()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        var after = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal("GET, POST, HEAD, OPTIONS", response.Header("Allow"));
        Assert.Empty(response.Body);
        Assert.Equal("0", response.Header("Content-Length"));
        Assert.Equal("x", after.Text);
    }

    [Theory]
    [InlineData("CONNECT x.example:443 HTTP/1.1\r\nHost: x.example:443\r\n\r\n")]
    [InlineData("CONNECT x.example:443 HTTP/1.0\r\n\r\n")]
    public async Task ConnectIsAnswered501AndTheConnectionClosed(string request)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();

        Assert.Equal(501, response.Status);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task AnUpgradeHeaderInAnHttp10RequestIsIgnored()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /echo HTTP/1.0\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade, keep-alive\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal("x", response.Text);
    }

    [Fact]
    public async Task ExpectContinueGetsNoInterimAnswerWhenTheWholeBodyHasArrived()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal("hello", response.Text);
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/echo", (request, response) =>
        {
            response.Headers["X-Host-Header"] = request.Headers["Host"] ?? "(none)";
            response.Body = request.Method == "POST" ? System.Text.Encoding.UTF8.GetString(request.Body) : request.Host;
        }, methods: ["GET", "POST"]);
        return app;
    }
}
