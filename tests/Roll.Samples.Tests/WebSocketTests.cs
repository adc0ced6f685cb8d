using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Roll.Testing;
using WebSocketSample;

namespace Samples.Tests;

public partial class WebSocketTests
{
    // snippet: join
    [GeneratedRegex("^Welcome ([0-9a-f-]{36}) !$")]
    private static partial Regex WelcomeRegex();

    private static async Task<(WebSocket Socket, string Id)> JoinChatAsync(TestClientBase client)
    {
        var socket = await client.WebSocketAsync("/chat");
        var welcome = WelcomeRegex().Match(await socket.ReceiveTextAsync());
        Assert.True(welcome.Success);
        return (socket, welcome.Groups[1].Value);
    }
    // end-snippet

    [Theory, Transports]
    public async Task TheChatWelcomesEachClientWithAnIdOfItsOwn(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(WebSocketApp.Create(), transport);

        var (first, firstId) = await JoinChatAsync(client);
        var (second, secondId) = await JoinChatAsync(client);

        Assert.NotEqual(firstId, secondId);
        first.Dispose();
        second.Dispose();
    }

    // snippet: relay
    [Theory, Transports]
    public async Task TheChatRelaysAMessageToEveryOtherClientButNotBackToItsSender(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(WebSocketApp.Create(), transport);
        var (alice, aliceId) = await JoinChatAsync(client);
        var (bob, bobId) = await JoinChatAsync(client);
        var (carol, _) = await JoinChatAsync(client);

        await alice.SendTextAsync("hello");

        Assert.Equal($"{aliceId}: hello", await bob.ReceiveTextAsync());
        Assert.Equal($"{aliceId}: hello", await carol.ReceiveTextAsync());
        await bob.SendTextAsync("hi alice");
        // Alice's next message is Bob's: her own was not sent back to her.
        Assert.Equal($"{bobId}: hi alice", await alice.ReceiveTextAsync());
        Assert.Equal($"{bobId}: hi alice", await carol.ReceiveTextAsync());
        foreach (var socket in new[] { alice, bob, carol })
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            socket.Dispose();
        }
    }
    // end-snippet

    [Theory, Transports]
    public async Task TheChatGoesOnAfterAClientLeft(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(WebSocketApp.Create(), transport);
        var (alice, aliceId) = await JoinChatAsync(client);
        var (bob, _) = await JoinChatAsync(client);

        await bob.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        bob.Dispose();
        var (carol, _) = await JoinChatAsync(client);
        await alice.SendTextAsync("who is here?");

        Assert.Equal($"{aliceId}: who is here?", await carol.ReceiveTextAsync());
        alice.Dispose();
        carol.Dispose();
    }

    [Theory, Transports]
    public async Task TheEchoAnswersTextAsTextAndBytesAsBytes(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(WebSocketApp.Create(), transport);
        using var socket = await client.WebSocketAsync("/ws/echo");

        await socket.SendTextAsync("ping? pong!");
        var text = await socket.ReceiveMessageAsync();
        await socket.SendBytesAsync([1, 2, 3, 250]);
        var bytes = await socket.ReceiveMessageAsync();

        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("ping? pong!", text.Text);
        Assert.Equal(WebSocketMessageType.Binary, bytes.Type);
        Assert.Equal([1, 2, 3, 250], bytes.Data.ToArray());
    }

    [Theory, Transports]
    public async Task TheEchoSelectsTheEchoSubprotocolWhenOffered(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(WebSocketApp.Create(), transport);

        using var offered = await client.WebSocketAsync("/ws/echo", ["chat", "echo"]);
        using var plain = await client.WebSocketAsync("/ws/echo");

        Assert.Equal("echo", offered.SubProtocol);
        Assert.Null(plain.SubProtocol);
    }

    [Theory, Transports]
    public async Task ThePageOfTheChatIsServed(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(WebSocketApp.Create(), transport);

        var response = await client.GetAsync("/static/websocket.html");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Contains("new WebSocket(", response.Text);
        Assert.Contains("/chat", response.Text);
    }

    [Theory, Transports]
    public async Task APlainRequestToTheChatIs426(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(WebSocketApp.Create(), transport);

        var response = await client.GetAsync("/chat");

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.Status);
    }
}
