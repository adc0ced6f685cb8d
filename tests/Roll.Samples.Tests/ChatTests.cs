// snippet: usings
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Roll;
using Roll.Testing;
using WebSocketSample;
// end-snippet

namespace Samples.Tests;

/// <summary>The websocket tutorial's tests, written with Roll.Testing's public API only, as a reader's own project would.</summary>
// snippet: class
public partial class ChatTests : RollTestBase
{
    protected override RollApp CreateApp() => WebSocketApp.Create();

    [GeneratedRegex("^Welcome ([0-9a-f-]{36}) !$")]
    private static partial Regex WelcomeRegex();

    private static async Task<(WebSocket Socket, string Id)> JoinAsync(TestClientBase client)
    {
        var socket = await client.WebSocketAsync("/chat");
        var welcome = WelcomeRegex().Match(await socket.ReceiveTextAsync());
        Assert.True(welcome.Success);
        return (socket, welcome.Groups[1].Value);
    }
// end-snippet

    // snippet: relay
    [Fact]
    public async Task TheChatRelaysAMessageToEveryOtherClientButNotBackToItsSender()
    {
        var (alice, aliceId) = await JoinAsync(Client);
        var (bob, bobId) = await JoinAsync(Client);
        var (carol, _) = await JoinAsync(Client);

        await alice.SendTextAsync("hello");

        Assert.Equal($"{aliceId}: hello", await bob.ReceiveTextAsync());
        Assert.Equal($"{aliceId}: hello", await carol.ReceiveTextAsync());
        await bob.SendTextAsync("hi alice");
        // Alice's next message is Bob's: her own was not sent back to her.
        Assert.Equal($"{bobId}: hi alice", await alice.ReceiveTextAsync());
        Assert.Equal($"{bobId}: hi alice", await carol.ReceiveTextAsync());
    }
    // end-snippet

    // snippet: live
    [Fact]
    public async Task TheChatRelaysOverARealSocket()
    {
        await using var live = await LiveClient.StartAsync(WebSocketApp.Create());
        var (alice, aliceId) = await JoinAsync(live);
        var (bob, _) = await JoinAsync(live);

        await alice.SendTextAsync("hello");

        Assert.Equal($"{aliceId}: hello", await bob.ReceiveTextAsync());
        await alice.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await bob.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
    // end-snippet
}
