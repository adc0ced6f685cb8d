using System.Net.WebSockets;
using Roll.Testing;
using Roll.WebSockets;

namespace Roll.Tests.WebSockets;

/// <summary>permessage-deflate (RFC 7692): the negotiation, one line per offer, and compressed messages over a real socket.</summary>
public class CompressionTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("x-webkit-deflate-frame", null)]
    [InlineData("permessage-deflate", "permessage-deflate")]
    [InlineData("permessage-deflate; client_max_window_bits", "permessage-deflate")]
    [InlineData("permessage-deflate; client_max_window_bits=10", "permessage-deflate")]
    [InlineData("permessage-deflate; client_no_context_takeover", "permessage-deflate")]
    [InlineData("permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover")]
    [InlineData("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=10")]
    [InlineData("permessage-deflate; server_max_window_bits=\"12\"", "permessage-deflate; server_max_window_bits=12")]
    [InlineData("permessage-deflate; server_max_window_bits", null)]
    [InlineData("permessage-deflate; server_max_window_bits=16", null)]
    [InlineData("permessage-deflate; server_max_window_bits=08", null)]
    [InlineData("permessage-deflate; unknown_parameter", null)]
    [InlineData("permessage-deflate; server_no_context_takeover; server_no_context_takeover", null)]
    [InlineData("permessage-deflate; server_max_window_bits=8, permessage-deflate", "permessage-deflate")]
    [InlineData("foo, permessage-deflate; server_max_window_bits=9; server_no_context_takeover",
        "permessage-deflate; server_max_window_bits=9; server_no_context_takeover")]
    public void TheFirstAcceptableOfferIsAnswered(string? offers, string? answer)
    {
        var options = PerMessageDeflate.Negotiate(offers, out var reply);

        Assert.Equal(answer, reply);
        Assert.Equal(answer is null, options is null);
    }

    [Fact]
    public void TheAnswerMatchesTheOptions()
    {
        var options = PerMessageDeflate.Negotiate("permessage-deflate; server_max_window_bits=11; server_no_context_takeover", out _)!;

        Assert.Equal(11, options.ServerMaxWindowBits);
        Assert.False(options.ServerContextTakeover);
        Assert.Equal(15, options.ClientMaxWindowBits);
        Assert.True(options.ClientContextTakeover);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CompressionIsUsedOnlyWhenEnabledAndOffered(bool enabled)
    {
        var app = new RollApp();
        app.WebSockets.EnableCompression = enabled;
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        client.Options.DangerousDeflateOptions = new WebSocketDeflateOptions { ServerContextTakeover = false };
        await client.ConnectAsync(new Uri(live.WebSocketAddress, "/ws"), CancellationToken.None);
        var text = string.Concat(Enumerable.Repeat("Roll for .NET, async, simple, fast. ", 10_000));

        await client.SendTextAsync(text);
        await client.SendTextAsync("short");

        Assert.Equal(text, await client.ReceiveTextAsync());
        Assert.Equal("short", await client.ReceiveTextAsync());
        var extensions = client.HttpResponseHeaders!.TryGetValue("Sec-WebSocket-Extensions", out var values) ? string.Join(",", values) : null;
        Assert.Equal(enabled ? "permessage-deflate; server_no_context_takeover" : null, extensions);
    }
}
