using System.Net;
using System.Net.Sockets;
using Roll.Server;
using Roll.Testing;
using Roll.Tests.Server;

namespace Roll.Tests.Diagnostics;

[Collection(TelemetryCollection.Name)]
public class ServerTelemetryTests
{
    [Fact]
    public async Task ConnectionsAreCountedWhileOpenAndTheirDurationRecorded()
    {
        using var recorder = new TelemetryRecorder();
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "fast");
        await using var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();

        using (var client = await SocketClient.ConnectAsync(server.EndPoints[0]))
        {
            await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("fast", (await client.ReadResponseAsync()).Text);
            var opened = Assert.Single(recorder.Of(RollTelemetry.ActiveConnections));
            Assert.Equal(1, opened.Value);
            Assert.Equal("{connection}", opened.Instrument.Unit);
            Assert.Equal(new Dictionary<string, object?> { ["network.transport"] = "tcp", ["network.type"] = "ipv4" }, opened.Tags);
        }

        await recorder.WaitForSumAsync(RollTelemetry.ActiveConnections, 0);
        var duration = await recorder.WaitForAsync(RollTelemetry.ConnectionDuration);
        Assert.Equal("s", duration.Instrument.Unit);
        Assert.InRange(duration.Value, 0, 10);
        Assert.Equal(new Dictionary<string, object?> { ["network.transport"] = "tcp", ["network.type"] = "ipv4" }, duration.Tags);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", "bad_request")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {0}\r\n\r\n", "too_large")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{1}", "too_large")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad_request")]
    public async Task RefusedRequestsAreCountedByReason(string request, string reason)
    {
        using var recorder = new TelemetryRecorder();
        var app = new RollApp();
        app.Limits.MaxRequestBodySize = 10;
        app.Route("/", (request, response) => response.Body = "fast", methods: ["GET", "POST"]);
        await using var client = new TestClient(app);

        var response = await client.SendRawAsync(System.Text.Encoding.ASCII.GetBytes(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, request, new string('a', 40_000), new string('b', 100))));

        Assert.True(response.StatusCode is 400 or 413 or 431, $"{response.StatusCode}");
        var error = await recorder.WaitForAsync(RollTelemetry.RequestErrors);
        Assert.Equal(1, error.Value);
        Assert.Equal(new Dictionary<string, object?> { ["error.type"] = reason }, error.Tags);
    }

    [Fact]
    public async Task AHeadThatTimesOutIsCountedAsATimeout()
    {
        using var recorder = new TelemetryRecorder();
        var app = new RollApp();
        app.Limits.RequestHeadersTimeout = TimeSpan.FromMilliseconds(200);
        await using var live = await LiveClient.StartAsync(app);
        using var client = await SocketClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, live.Port));

        await client.SendAsync("GET / HTTP/1.1\r\nHost:");

        Assert.Equal(408, (await client.ReadResponseAsync()).Status);
        var error = await recorder.WaitForAsync(RollTelemetry.RequestErrors);
        Assert.Equal("timeout", error["error.type"]);
    }

    [Fact]
    public async Task WebSocketsAreCountedWhileOpenWithTheirMessagesEachWay()
    {
        using var recorder = new TelemetryRecorder();
        var app = new RollApp();
        app.Route("/echo", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);

        using (var socket = await live.WebSocketAsync("/echo"))
        {
            await socket.SendTextAsync("hello");
            Assert.Equal("hello", (await socket.ReceiveMessageAsync()).Text);
            await socket.SendBytesAsync([1, 2, 3]);
            await socket.ReceiveMessageAsync();
            Assert.Equal(1, Assert.Single(recorder.Of(RollTelemetry.ActiveWebSockets)).Value);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        await recorder.WaitForSumAsync(RollTelemetry.ActiveWebSockets, 0);
        Assert.Equal(["text", "binary"], recorder.Of(RollTelemetry.WebSocketMessagesReceived).Select(m => m["roll.websocket.message.type"]));
        Assert.Equal(["text", "binary"], recorder.Of(RollTelemetry.WebSocketMessagesSent).Select(m => m["roll.websocket.message.type"]));
        Assert.Equal("{websocket}", recorder.Of(RollTelemetry.ActiveWebSockets)[0].Instrument.Unit);
        Assert.Equal("{message}", recorder.Of(RollTelemetry.WebSocketMessagesSent)[0].Instrument.Unit);
    }
}
