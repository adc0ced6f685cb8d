using Roll.WebSockets;

namespace Roll;

/// <summary>Carries a websockets store's broadcasts to the app's other processes and back: Redis pub/sub in Roll.Redis, say.</summary>
/// <remarks>
/// The store delivers a broadcast to its own sockets itself, then hands it to <see cref="Publish"/>; the backplane
/// sends it to the other processes and passes what they publish to <see cref="WebSocketsStore.BroadcastLocallyAsync"/>,
/// leaving out the messages this process published (each process delivers its own once, without a round trip).
/// </remarks>
public interface IWebSocketsBackplane
{
    /// <summary>Starts carrying messages for the store (subscribes); the app's startup event calls it, and it must not fail the start when the broker is away.</summary>
    Task StartAsync(RollApp app, WebSocketsStore store);

    /// <summary>Sends a message this process broadcast to the other processes; returns at once, dropping the message rather than waiting when it cannot be sent.</summary>
    void Publish(WebSocketMessage message);

    /// <summary>Stops carrying messages (unsubscribes); the app's shutdown event calls it.</summary>
    Task StopAsync();
}

/// <summary>The websockets store with a backplane: its broadcasts reach the sockets of every process of the app.</summary>
public static class WebSocketsBackplaneExtensions
{
    /// <summary>Keeps the open websockets in <c>app["websockets"]</c>, as <see cref="WebSocketsStoreExtensions.WebSocketsStore(RollApp)"/> does, and broadcasts through a backplane, started with the app and stopped with it.</summary>
    /// <returns>The store; calling this again with the same backplane returns the same one.</returns>
    public static WebSocketsStore WebSocketsStore(this RollApp app, IWebSocketsBackplane backplane)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(backplane);
        var store = app.WebSocketsStore();
        if (store.Backplane == backplane)
        {
            return store;
        }
        if (store.Backplane is not null)
        {
            throw new InvalidOperationException("The app's websockets store already has a backplane.");
        }
        store.Backplane = backplane;
        app.OnStartup(() => backplane.StartAsync(app, store));
        app.OnShutdown(backplane.StopAsync);
        return store;
    }
}
