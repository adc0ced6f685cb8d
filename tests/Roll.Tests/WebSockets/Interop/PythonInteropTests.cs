using System.Diagnostics;
using System.Text.Json.Nodes;
using Roll.Testing;

namespace Roll.Tests.WebSockets.Interop;

/// <summary>Roll's websockets against someone else's implementation: Python's websockets library, over a real socket.</summary>
// System: needs Debian's python3-websockets.
[Trait("Category", "System")]
public class PythonInteropTests
{
    private static RollApp App()
    {
        var app = new RollApp();
        app.WebSockets.EnableCompression = true;
        app.WebSockets.MaxMessageSize = 256 * 1024;
        app.WebSockets.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        app.WebSockets.KeepAliveTimeout = TimeSpan.FromSeconds(2);
        app.Route("/echo", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket", subprotocols: ["echo"]);
        app.Route("/bye", (request, socket) => socket.SendAsync("bye"), protocol: "websocket");
        return app;
    }

    [PythonWebSocketsFact]
    public async Task PythonsWebSocketsClientSpeaksWithRoll()
    {
        await using var live = await LiveClient.StartAsync(App());
        var script = Path.Combine(AppContext.BaseDirectory, "WebSockets", "Interop", "python_client.py");
        var start = new ProcessStartInfo(PythonWebSocketsFactAttribute.Python, [script, live.WebSocketAddress.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await python.WaitForExitAsync(timeout.Token);

        Assert.True(python.ExitCode == 0, $"The python client failed: {await errors}");
        var seen = JsonNode.Parse(await output)!;
        Assert.Equal("echo", (string?)seen["subprotocol"]);
        Assert.StartsWith("permessage-deflate", (string?)seen["extensions"]);
        Assert.Equal("héllo", (string?)seen["text"]);
        Assert.Equal([0, 1, 255], seen["bytes"]!.AsArray().Select(b => (int)b!));
        Assert.Equal("fragmented", (string?)seen["fragmented"]);
        Assert.Equal(200_000, (int)seen["large"]!);
        Assert.True((bool)seen["pong"]!);
        Assert.Equal("still here", (string?)seen["after_pings"]);
        Assert.Equal(1000, (int)seen["client_close"]!);
        Assert.Equal(1009, (int)seen["too_big"]!);
        Assert.Equal("bye", (string?)seen["server_message"]);
        Assert.Equal(1000, (int)seen["server_close"]!);
    }
}
