using System.Net;
using System.Net.WebSockets;
using Roll.Testing;

namespace Roll.Tests.WebSockets;

/// <summary>The opening handshake (RFC 6455 §4.2) over a real socket: what is accepted, what is refused and how.</summary>
public class HandshakeTests
{
    private static readonly Dictionary<string, string> s_upgrade = new()
    {
        ["Upgrade"] = "websocket",
        ["Connection"] = "Upgrade",
        ["Sec-WebSocket-Key"] = RawWebSocket.SampleKey,
        ["Sec-WebSocket-Version"] = "13",
    };

    private static RollApp EchoApp(List<string>? events = null)
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            events?.Add("handler");
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket", subprotocols: ["chat", "superchat"]);
        app.Route("/http", (request, response) => { response.Body = "plain"; });
        return app;
    }

    private static Dictionary<string, string> Upgrade(string? name = null, string? value = null)
    {
        var headers = new Dictionary<string, string>(s_upgrade, StringComparer.OrdinalIgnoreCase);
        if (name is not null)
        {
            if (value is null)
            {
                headers.Remove(name);
            }
            else
            {
                headers[name] = value;
            }
        }
        return headers;
    }

    [Fact]
    public async Task TheHandshakeIsAnswered101WithTheAcceptOfTheKey()
    {
        await using var live = await LiveClient.StartAsync(EchoApp());
        await using var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws");

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", raw.Head);
        Assert.Contains("\r\nUpgrade: websocket\r\n", raw.Head);
        Assert.Contains("\r\nConnection: Upgrade\r\n", raw.Head);
        // RFC 6455 §1.3's own example.
        Assert.Contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", raw.Head);
        Assert.DoesNotContain("Sec-WebSocket-Protocol", raw.Head);
        Assert.DoesNotContain("Content-Length", raw.Head);
    }

    [Fact]
    public async Task APlainRequestToAWebSocketRouteIs426()
    {
        await using var live = await LiveClient.StartAsync(EchoApp());

        var response = await live.GetAsync("/ws");

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.Status);
        Assert.Equal("websocket", response.Headers["Upgrade"]);
    }

    [Fact]
    public async Task AnUpgradeToAnHttpRouteIs501()
    {
        await using var live = await LiveClient.StartAsync(EchoApp());

        var response = await live.GetAsync("/http", Upgrade());

        Assert.Equal(HttpStatusCode.NotImplemented, response.Status);
        Assert.Equal("close", response.Headers["Connection"]);
        var refused = await Assert.ThrowsAsync<WebSocketRefusedException>(() => live.WebSocketAsync("/http"));
        Assert.Equal(HttpStatusCode.NotImplemented, refused.Status);
    }

    [Fact]
    public async Task AnUpgradeToAnUnknownPathIs404()
    {
        await using var live = await LiveClient.StartAsync(EchoApp());

        var response = await live.GetAsync("/nowhere", Upgrade());

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task AnotherVersionIs426NamingVersion13()
    {
        await using var live = await LiveClient.StartAsync(EchoApp());

        var response = await live.GetAsync("/ws", Upgrade("Sec-WebSocket-Version", "8"));

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.Status);
        Assert.Equal("13", response.Headers["Sec-WebSocket-Version"]);
    }

    [Theory]
    [InlineData("Connection", null)]
    [InlineData("Connection", "keep-alive")]
    [InlineData("Sec-WebSocket-Key", null)]
    [InlineData("Sec-WebSocket-Key", "not base64!")]
    [InlineData("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Sec-WebSocket-Version", null)]
    public async Task ABadHandshakeIs400(string header, string? value)
    {
        await using var live = await LiveClient.StartAsync(EchoApp());

        var response = await live.GetAsync("/ws", Upgrade(header, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }

    [Fact]
    public async Task AnHttp10HandshakeIsAPlainGetSoTheWebSocketRouteAnswers426()
    {
        await using var live = await LiveClient.StartAsync(EchoApp());

        var answer = await live.SendRawAllAsync(
            "GET /ws HTTP/1.0\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"u8.ToArray());

        // RFC 9110 §7.8: an Upgrade header in an HTTP/1.0 request is ignored.
        Assert.StartsWith("HTTP/1.1 426", answer);
    }

    [Fact]
    public async Task APostToAWebSocketRouteIs405()
    {
        await using var live = await LiveClient.StartAsync(EchoApp());

        var response = await live.PostAsync("/ws", "hi", headers: Upgrade());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }

    [Fact]
    public async Task AHeadersListenerCanRefuseTheUpgrade()
    {
        var events = new List<string>();
        var app = EchoApp(events);
        app.OnWebSocketConnect((request, socket) => { events.Add("connect"); return Task.CompletedTask; });
        // snippet: refuse-upgrade
        app.OnHeaders((request, response) =>
        {
            if (request.Route.Route?.Protocol == "websocket" && request.Headers["Authorization"] != "Token s3cr3t")
            {
                response.Status = HttpStatusCode.Forbidden;
                response.Body = "No token, no websocket";
                return true;
            }
            return false;
        });
        // end-snippet
        await using var live = await LiveClient.StartAsync(app);

        var refused = await Assert.ThrowsAsync<WebSocketRefusedException>(() => live.WebSocketAsync("/ws"));
        using var accepted = await live.WebSocketAsync("/ws", headers: new Dictionary<string, string> { ["Authorization"] = "Token s3cr3t" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(WebSocketState.Open, accepted.State);
        await accepted.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.Equal(["connect", "handler"], events);
    }

    [Fact]
    public async Task WhatAHeadersListenerSetsReachesTheHandlerAndThe101()
    {
        var app = new RollApp();
        app.OnHeaders((request, response) =>
        {
            request["user"] = "alice";
            response.Headers["X-Hello"] = "alice";
        });
        app.Route("/ws", async (request, socket) => await socket.SendAsync($"hello {request["user"]}"), protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);

        using var client = await live.WebSocketAsync("/ws");
        var message = await client.ReceiveTextAsync();

        Assert.Equal("hello alice", message);
        Assert.Equal(["alice"], client.HttpResponseHeaders!["X-Hello"]);
    }

    [Theory]
    [InlineData("superchat, chat", "superchat")]
    [InlineData("chat, superchat", "chat")]
    [InlineData("other, chat", "chat")]
    public async Task TheFirstOfferedSubprotocolTheRouteSpeaksIsSelected(string offered, string selected)
    {
        await using var live = await LiveClient.StartAsync(EchoApp());

        using var client = await live.WebSocketAsync("/ws", offered.Split(", "));

        Assert.Equal(selected, client.SubProtocol);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Sec-WebSocket-Protocol: other\r\n")]
    public async Task NoSubprotocolIsAnsweredWhenNoneMatches(string offer)
    {
        await using var live = await LiveClient.StartAsync(EchoApp());
        await using var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws", offer);

        Assert.StartsWith("HTTP/1.1 101", raw.Head);
        Assert.DoesNotContain("Sec-WebSocket-Protocol", raw.Head);
    }
}
