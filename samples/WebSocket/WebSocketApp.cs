using Roll;

namespace WebSocketSample;

/// <summary>Roll's websockets example: a chat on <c>/chat</c>, its page on <c>/static/websocket.html</c>, and an echo on <c>/ws/echo</c>.</summary>
public static class WebSocketApp
{
    /// <summary>The folder of the chat page, bundled next to the executable.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "static");

    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        // snippet: chat
        var app = new RollApp();
        var sockets = app.WebSocketsStore();
        app.Static(root: Root, prefix: "/static/");

        app.Route("/chat", async (request, socket) =>
        {
            var id = Guid.NewGuid();
            await socket.SendAsync($"Welcome {id} !");
            await foreach (var message in socket)
            {
                await sockets.BroadcastAsync($"{id}: {message.Text}", except: socket);
            }
        }, protocol: "websocket");
        // end-snippet

        // snippet: echo
        app.Route("/ws/echo", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket", subprotocols: ["echo"]);
        // end-snippet

        return app;
    }
}
