using System.Net.WebSockets;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.WebSockets;

public class WebSocketSmokeTests
{
    [Fact]
    public async Task AnEchoRouteAnswersWhatItReceives()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket", subprotocols: ["echo"]);
        await using var live = await LiveClient.StartAsync(app);
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("echo");
        await client.ConnectAsync(new Uri(live.WebSocketAddress, "/ws"), CancellationToken.None);
        Assert.Equal("echo", client.SubProtocol);
        await client.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[100];
        var result = await client.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, result.Count));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }
}
