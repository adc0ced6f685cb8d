using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Testing;

public class TestClientTests : IAsyncLifetime
{
    private readonly EchoApp _app = new();
    private readonly TestClient _client;

    public TestClientTests()
    {
        _client = new TestClient(_app);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task DefaultHeadersAreSentWithEveryRequest()
    {
        _client.DefaultHeaders["Authorization"] = "Bearer secret";

        var first = await _client.GetAsync("/echo");
        var second = await _client.PostAsync("/echo", "x");

        Assert.Equal("Bearer secret", (string?)first.Json!["headers"]!["authorization"]);
        Assert.Equal("Bearer secret", (string?)second.Json!["headers"]!["authorization"]);
    }

    [Fact]
    public async Task ARequestHeaderReplacesTheDefaultHeaderOfTheSameName()
    {
        _client.DefaultHeaders["Authorization"] = "Bearer default";

        var response = await _client.GetAsync("/echo", new Dictionary<string, string> { ["authorization"] = "Bearer mine" });

        Assert.Equal("Bearer mine", (string?)response.Json!["headers"]!["authorization"]);
        Assert.DoesNotContain("Bearer default", response.Text);
    }

    [Fact]
    public async Task CookiesAreParsedFromTheSetCookieLines()
    {
        var response = await _client.GetAsync("/cookies");

        Assert.Equal(3, response.SetCookies.Count);
        Assert.Equal("a b;c=d", response.Cookies["session"]);
        Assert.Equal("dark", response.Cookies["theme"]);
        Assert.Equal("", response.Cookies["old"]);
        Assert.Contains("httponly", response.SetCookies[0]);
        Assert.Equal(response.SetCookies, response.Headers.GetValues("set-cookie"));
    }

    [Fact]
    public async Task AChunkedResponseIsDecoded()
    {
        var response = await _client.GetAsync("/chunks");

        Assert.True(response.IsChunked);
        Assert.Equal("chunked", response.Headers["Transfer-Encoding"]);
        Assert.Equal("one,two,three", response.Text);
    }

    [Fact]
    public async Task AResponseWithContentLengthIsNotChunked()
    {
        var response = await _client.GetAsync("/text");

        Assert.False(response.IsChunked);
        Assert.Equal("hello", response.Text);
        Assert.Equal("5", response.Headers["content-length"]);
        Assert.Equal("text/plain; charset=utf-8", response.Headers["Content-Type"]);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response.Raw);
        Assert.EndsWith("\r\n\r\n", response.Raw);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.Reason);
    }

    [Fact]
    public async Task AHeadResponseHasTheHeadersOfAGetAndNoBody()
    {
        var head = await _client.HeadAsync("/text");
        var get = await _client.GetAsync("/text");

        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Equal("5", head.Headers["Content-Length"]);
        Assert.Empty(head.Body);
        Assert.Equal("hello", get.Text);
        Assert.Equal(1, _app.Connections);
    }

    [Fact]
    public async Task AnErrorStatusComesBackAsAResponse()
    {
        var response = await _client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("/nowhere", response.Text);
        Assert.Null(response.Headers["X-Missing"]);
        Assert.Empty(response.Headers.GetValues("X-Missing"));
    }

    [Fact]
    public async Task RequestsShareOneKeptAliveConnection()
    {
        var first = await _client.GetAsync("/peer");
        var second = await _client.GetAsync("/peer");

        Assert.Equal(1, _app.Connections);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task AfterConnectionCloseTheNextRequestOpensANewConnection()
    {
        var before = await _client.GetAsync("/peer");
        var closing = await _client.GetAsync("/close");
        var after = await _client.GetAsync("/peer");

        Assert.Equal("close", closing.Headers["Connection"]);
        Assert.Equal("bye", closing.Text);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(2, _app.Connections);
        Assert.NotEqual(before.Text, after.Text);
    }

    [Fact]
    public async Task AClientThatAsksToCloseGetsANewConnectionNextTime()
    {
        await _client.GetAsync("/text", new Dictionary<string, string> { ["Connection"] = "close" });
        var after = await _client.GetAsync("/text");

        Assert.Equal("hello", after.Text);
        Assert.Equal(2, _app.Connections);
    }

    [Fact]
    public async Task ConcurrentRequestsAreSentOneAtATime()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _client.PostAsync("/echo", $"n{i}")));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"n{i}"), responses.Select(r => (string?)r.Json!["body"]));
        Assert.Equal(1, _app.Connections);
    }

    [Fact]
    public async Task ALargeBodyGoesThroughThePipes()
    {
        var body = new string('x', 1_000_000);

        var response = await _client.PostAsync("/echo", body);

        Assert.Equal(body, (string?)response.Json!["body"]);
    }

    [Fact]
    public async Task RawBytesGetOneParsedResponse()
    {
        var response = await _client.SendRawAsync("GET /text HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        Assert.Equal("hello", response.Text);
    }

    [Fact]
    public async Task AMalformedRawRequestIsAnsweredWith400AndTheNextRequestWorks()
    {
        var bad = await _client.SendRawAsync("GET /text HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"u8.ToArray());
        var good = await _client.GetAsync("/text");

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("close", bad.Headers["Connection"]);
        Assert.Equal("hello", good.Text);
        Assert.Equal(2, _app.Connections);
    }

    [Fact]
    public async Task PipelinedRawRequestsAreAllAnsweredBeforeTheHalfCloseEndsTheConnection()
    {
        var requests = Encoding.ASCII.GetBytes(
            "GET /text HTTP/1.1\r\nHost: x\r\n\r\n" +
            "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n" +
            "HEAD /text HTTP/1.1\r\nHost: x\r\n\r\n");

        var all = await _client.SendRawAllAsync(requests);

        Assert.Equal(3, all.Split("HTTP/1.1 ").Length - 1);
        Assert.Contains("HTTP/1.1 200 OK\r\n", all);
        Assert.Contains("HTTP/1.1 404 Not Found\r\n", all);
        Assert.EndsWith("Content-Length: 5\r\n\r\n", all);
    }

    [Fact]
    public async Task AfterSendRawAllTheNextRequestOpensANewConnection()
    {
        await _client.GetAsync("/text");
        var all = await _client.SendRawAllAsync("GET /text HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var after = await _client.GetAsync("/text");

        Assert.EndsWith("\r\n\r\nhello", all);
        Assert.Equal("hello", after.Text);
        Assert.Equal(2, _app.Connections);
    }

    [Fact]
    public async Task AnInterimContinueIsSkipped()
    {
        var headers = new Dictionary<string, string> { ["Expect"] = "100-continue" };

        var response = await _client.PostAsync("/echo", "body", headers: headers);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("body", (string?)response.Json!["body"]);
    }

    [Fact]
    public async Task AResponseThatIsNotJsonSaysSoWhenAskedForJson()
    {
        var response = await _client.GetAsync("/text");

        var error = Assert.Throws<InvalidOperationException>(() => response.Json);
        Assert.Contains("hello", error.Message);
    }

    [Fact]
    public async Task TheClientCannotBeUsedOnceDisposed()
    {
        await _client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _client.GetAsync("/text"));
    }
}
