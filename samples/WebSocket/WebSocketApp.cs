using Roll;
using Roll.Redis;

namespace WebSocketSample;

/// <summary>Roll's websockets example: a chat on <c>/chat</c>, its page on <c>/static/websocket.html</c>, and an echo on <c>/ws/echo</c>.</summary>
public static class WebSocketApp
{
    /// <summary>The folder of the chat page, bundled next to the executable.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "static");

    /// <summary>Makes the app; with a Redis address (<c>HOST:PORT</c>), the chat spans every process started with the same one.</summary>
    public static RollApp Create(string? redis = null)
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

        // snippet: redis
        if (redis is not null)
        {
            // The same store, now broadcasting through Redis to the sockets of every other process too.
            app.WebSocketsStore(new RedisBackplane(redis));
        }
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
