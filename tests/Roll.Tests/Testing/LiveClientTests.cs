using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Testing;

public class LiveClientTests
{
    [Fact]
    public async Task TheAppIsServedOnALoopbackPortChosenBySystem()
    {
        await using var client = await LiveClient.StartAsync(new EchoApp());

        Assert.NotEqual(0, client.Port);
        Assert.Equal(new Uri($"http://127.0.0.1:{client.Port}/"), client.BaseAddress);
        Assert.Equal(new Uri($"ws://127.0.0.1:{client.Port}/"), client.WebSocketAddress);
    }

    [Fact]
    public async Task TheVerbsGoOverARealSocketAndParseTheSameWay()
    {
        var app = new EchoApp();
        await using var client = await LiveClient.StartAsync(app);

        var text = await client.GetAsync("/text");
        var chunks = await client.GetAsync("/chunks");
        var echo = await client.PostAsync("/echo", new Dictionary<string, string> { ["a"] = "1" }, "application/x-www-form-urlencoded");
        var peer = await client.GetAsync("/peer");

        Assert.Equal("hello", text.Text);
        Assert.True(chunks.IsChunked);
        Assert.Equal("one,two,three", chunks.Text);
        Assert.Equal("1", (string?)echo.Json!["form"]!["a"]![0]);
        Assert.Equal($"127.0.0.1:{client.Port}", (string?)echo.Json!["headers"]!["host"]);
        Assert.StartsWith("127.0.0.1:", peer.Text);
        Assert.Equal(1, app.Connections);
    }

    [Fact]
    public async Task FilesAreUploadedOverTheSocket()
    {
        await using var client = await LiveClient.StartAsync(new EchoApp());

        var response = await client.PostAsync("/echo", files: [new TestFile("doc", "a.txt", Encoding.UTF8.GetBytes("content"), "text/plain")]);

        Assert.Equal("content", (string?)response.Json!["files"]!["doc"]![0]!["text"]);
    }

    [Fact]
    public async Task AfterConnectionCloseTheNextRequestOpensANewSocket()
    {
        var app = new EchoApp();
        await using var client = await LiveClient.StartAsync(app);

        var closing = await client.GetAsync("/close");
        var after = await client.GetAsync("/text");

        Assert.Equal("bye", closing.Text);
        Assert.Equal("hello", after.Text);
        Assert.Equal(2, app.Connections);
    }

    [Fact]
    public async Task RawBytesGoOverTheSocket()
    {
        await using var client = await LiveClient.StartAsync(new EchoApp());

        var one = await client.SendRawAsync("HEAD /text HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var all = await client.SendRawAllAsync("GET /text HTTP/1.1\r\nHost: x\r\n\r\nGET /text HTTP/1.0\r\n\r\n"u8.ToArray());

        Assert.Equal("5", one.Headers["Content-Length"]);
        Assert.Empty(one.Body);
        Assert.Equal(2, all.Split("hello").Length - 1);
        Assert.Contains("Connection: close", all);
    }

    [Fact]
    public async Task TheHttpClientReachesTheServer()
    {
        await using var client = await LiveClient.StartAsync(new EchoApp());

        var text = await client.Http.GetStringAsync("/text");

        Assert.Equal("hello", text);
    }

    [Fact]
    public async Task StartupRunsOnStartAndShutdownRunsOnDispose()
    {
        var app = new EchoApp();
        var events = new List<string>();
        app.OnStartup(() => events.Add("startup"));
        app.OnShutdown(() => events.Add("shutdown"));

        var client = await LiveClient.StartAsync(app);
        Assert.Equal(["startup"], events);
        var response = await client.GetAsync("/text");
        await client.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["startup", "shutdown"], events);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient().GetAsync(client.BaseAddress));
    }
}
