using System.Net;
using System.Net.WebSockets;
using Roll.Testing;

namespace Roll.Tests.WebSockets;

/// <summary>Cross-site websocket hijacking (RFC 6455 §10.2): a page from another origin may not open the app's websockets.</summary>
public class OriginTests
{
    private static RollApp App(Action<RollApp>? configure = null)
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) => await socket.SendAsync("hello " + request.Cookies.GetValueOrDefault("user", "nobody")), protocol: "websocket");
        app.Route("/widget", async (request, socket) => await socket.SendAsync("widget"), protocol: "websocket",
            allowedOrigins: ["https://partner.example"]);
        configure?.Invoke(app);
        return app;
    }

    private static Dictionary<string, string> From(string origin) => new() { ["Origin"] = origin, ["Cookie"] = "user=ada" };

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://evil.testserver")]
    [InlineData("http://testserver.evil.example")]
    [InlineData("https://testserver")]
    [InlineData("null")]
    public async Task AHandshakeFromAnotherOriginIs403(string origin)
    {
        await using var client = new TestClient(App());

        var refused = await Assert.ThrowsAsync<WebSocketRefusedException>(() => client.WebSocketAsync("/ws", headers: From(origin)));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Theory]
    [InlineData("http://testserver")]
    [InlineData("HTTP://TestServer")]
    public async Task AHandshakeFromTheAppsOwnOriginIsAccepted(string origin)
    {
        await using var client = new TestClient(App());

        using var socket = await client.WebSocketAsync("/ws", headers: From(origin));

        Assert.Equal("hello ada", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task AHandshakeWithoutOriginIsAcceptedForClientsThatAreNotBrowsers()
    {
        await using var client = new TestClient(App());

        using var socket = await client.WebSocketAsync("/ws");

        Assert.Equal("hello nobody", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task TheAppsAllowedOriginsAreAccepted()
    {
        await using var client = new TestClient(App(app => app.WebSockets.AllowedOrigins.Add("https://app.example")));

        using var socket = await client.WebSocketAsync("/ws", headers: From("https://app.example"));
        var other = await Assert.ThrowsAsync<WebSocketRefusedException>(() => client.WebSocketAsync("/ws", headers: From("https://evil.example")));

        Assert.Equal("hello ada", await socket.ReceiveTextAsync());
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
    }

    [Fact]
    public async Task AStarAllowsAnyOrigin()
    {
        await using var client = new TestClient(App(app => app.WebSockets.AllowedOrigins.Add("*")));

        using var socket = await client.WebSocketAsync("/ws", headers: From("https://anywhere.example"));

        Assert.Equal("hello ada", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task ARouteAllowsItsOwnOriginsOnly()
    {
        await using var client = new TestClient(App());

        using var widget = await client.WebSocketAsync("/widget", headers: From("https://partner.example"));
        var elsewhere = await Assert.ThrowsAsync<WebSocketRefusedException>(() => client.WebSocketAsync("/ws", headers: From("https://partner.example")));

        Assert.Equal("widget", await widget.ReceiveTextAsync());
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Status);
    }
}
