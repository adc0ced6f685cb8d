using System.Net.WebSockets;
using Roll.Routing;
using Roll.WebSockets;

namespace Roll;

/// <summary>Websocket routes: the handler receives the request and an open websocket instead of a response.</summary>
public partial class RollApp
{
    private readonly List<Func<Request, RollWebSocket, Task>> _webSocketConnect = [];
    private readonly List<Func<Request, RollWebSocket, Task>> _webSocketDisconnect = [];

    /// <summary>The limits and timers of the app's websockets.</summary>
    public WebSocketOptions WebSockets { get; } = new();

    /// <summary>Registers a websocket handler: <c>app.Route("/ws", handler, protocol: "websocket", subprotocols: ["chat"])</c>.</summary>
    /// <param name="path">The route's pattern.</param>
    /// <param name="handler">Runs once the handshake is done; the socket closes with 1000 when it returns, 1011 when it throws.</param>
    /// <param name="protocol">Must be "websocket".</param>
    /// <param name="subprotocols">The subprotocols the route speaks; the first one the client offers is selected.</param>
    /// <param name="name">The route's name for URL building.</param>
    /// <param name="extras">Any other option, kept on the route.</param>
    public Route Route(string path, Func<Request, RollWebSocket, Task> handler, string protocol, IEnumerable<string>? subprotocols = null,
        string? name = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (protocol != "websocket")
        {
            throw new ArgumentException($"A handler taking a websocket needs protocol: \"websocket\", not \"{protocol}\".", nameof(protocol));
        }
        var supported = subprotocols?.ToArray() ?? [];
        var all = new Dictionary<string, object?>(StringComparer.Ordinal) { ["subprotocols"] = supported };
        if (extras is not null)
        {
            foreach (var (key, value) in extras)
            {
                all[key] = value;
            }
        }
        return AddRoute(path, (request, response) => ServeWebSocketAsync(request, response, handler, supported), handler, ["GET"], -1,
            name, lazyBody: false, accepts: null, all, protocol: "websocket");
    }

    /// <summary>Runs when a websocket is open, before its handler.</summary>
    public void OnWebSocketConnect(Func<Request, RollWebSocket, Task> listener) => _webSocketConnect.Add(listener);

    /// <summary>Runs when a websocket's handler is done or its client went away, before the socket closes.</summary>
    public void OnWebSocketDisconnect(Func<Request, RollWebSocket, Task> listener) => _webSocketDisconnect.Add(listener);

    private async Task ServeWebSocketAsync(Request request, Response response, Func<Request, RollWebSocket, Task> handler, IReadOnlyList<string> supported)
    {
        var key = WebSocketHandshake.Validate(request, response);
        var subProtocol = WebSocketHandshake.SelectSubProtocol(request, supported);
        var socket = await request.Protocol.UpgradeToWebSocketAsync(request, WebSocketHandshake.Accept(key), subProtocol).ConfigureAwait(false);
        try
        {
            foreach (var listener in _webSocketConnect)
            {
                await listener(request, socket).ConfigureAwait(false);
            }
            await handler(request, socket).ConfigureAwait(false);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure).ConfigureAwait(false);
        }
        catch (Exception error) when (error is WebSocketClosedException or WebSocketException or IOException or OperationCanceledException)
        {
            // The client went away, or the server is stopping: nothing to answer, the disconnect listeners still run.
            socket.Socket.Abort();
        }
        catch (Exception error)
        {
            await socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "Internal error").ConfigureAwait(false);
            await HandleErrorAsync(request, response, error).ConfigureAwait(false);
        }
        finally
        {
            foreach (var listener in _webSocketDisconnect)
            {
                await listener(request, socket).ConfigureAwait(false);
            }
            socket.Socket.Dispose();
        }
    }
}
