using System.Collections;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Roll.WebSockets;

namespace Roll;

/// <summary>The <c>websockets_store</c> extension: the app keeps its open websockets, for broadcasting.</summary>
public static class WebSocketsStoreExtensions
{
    /// <summary>The key under which the app keeps its open websockets: <c>app["websockets"]</c>.</summary>
    public const string Key = "websockets";

    /// <summary>Keeps the open websockets in <c>app["websockets"]</c>: each one from its connect event to its disconnect event.</summary>
    /// <returns>The store; calling this again returns the same one.</returns>
    public static WebSocketsStore WebSocketsStore(this RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app[Key] is WebSocketsStore existing)
        {
            return existing;
        }
        var store = new WebSocketsStore();
        app[Key] = store;
        app.OnWebSocketConnect((request, socket) =>
        {
            store.Add(socket);
            return Task.CompletedTask;
        });
        app.OnWebSocketDisconnect((request, socket) =>
        {
            store.Remove(socket);
            return Task.CompletedTask;
        });
        return store;
    }

    /// <summary>The store that <see cref="WebSocketsStore(RollApp)"/> keeps, typed: <c>request.App.GetWebSocketsStore()</c> in a handler.</summary>
    /// <exception cref="InvalidOperationException">The app keeps no store: <c>app.WebSocketsStore()</c> was not called where the app is built.</exception>
    public static WebSocketsStore GetWebSocketsStore(this RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // No store made here: one made while serving would miss the websockets already open.
        return app[Key] as WebSocketsStore
            ?? throw new InvalidOperationException("The app keeps no websockets store: call app.WebSocketsStore() where the app is built.");
    }
}

/// <summary>The open websockets of an app, safe to use from any thread; enumerating it gives a snapshot.</summary>
/// <remarks>With a backplane (see <see cref="Backplane"/>), a broadcast also reaches the sockets of the app's other processes.</remarks>
public sealed partial class WebSocketsStore : IReadOnlyCollection<RollWebSocket>
{
    private readonly ConcurrentDictionary<RollWebSocket, byte> _sockets = new();

    /// <summary>How many websockets are open.</summary>
    public int Count => _sockets.Count;

    /// <summary>Whether a websocket is in the store.</summary>
    public bool Contains(RollWebSocket socket) => _sockets.ContainsKey(socket);

    /// <summary>Sends a text message to every open websocket but <paramref name="except"/> (the sender, say), all at once; a socket that closes meanwhile is skipped.</summary>
    public Task BroadcastAsync(string text, RollWebSocket? except = null)
        => BroadcastAsync(new WebSocketMessage(WebSocketMessageType.Text, Encoding.UTF8.GetBytes(text)), except);

    /// <summary>Enumerates a snapshot of the open websockets.</summary>
    public IEnumerator<RollWebSocket> GetEnumerator() => _sockets.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(RollWebSocket socket) => _sockets.TryAdd(socket, 0);

    internal void Remove(RollWebSocket socket) => _sockets.TryRemove(socket, out _);

    private static async Task SendOrSkipAsync(RollWebSocket socket, WebSocketMessage message)
    {
        try
        {
            await socket.SendAsync(message).ConfigureAwait(false);
        }
        catch (WebSocketClosedException)
        {
            // Closing or gone: its disconnect event removes it from the store.
        }
    }
}
