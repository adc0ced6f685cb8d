using System.Net;
using System.Net.WebSockets;
using KestrelSample;

namespace Roll.Kestrel.Tests;

// The Kestrel sample (docs/how-to/run-on-kestrel.md) over TLS and HTTP/2, and its websocket.
public class KestrelSampleTests
{
    [Theory, Http2]
    public async Task HelloTellsTheSchemeOverHttp2(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(KestrelApp.Create());

        using var response = await host.Http2Client(how).GetAsync("/hello/roll");

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal($"Hello roll, over {(how == Http2.Tls ? "https" : "http")}\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheEchoSocketAnswersOverTls()
    {
        await using var host = await KestrelHost.StartAsync(KestrelApp.Create());
        using var socket = new ClientWebSocket();
        using var invoker = new HttpMessageInvoker(KestrelHost.CreateHandler());

        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{host.Tls.Port}/echo"), invoker, CancellationToken.None);

        Assert.Equal("roll", await WebSocketTests.EchoAsync(socket, "roll"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
