using System.Net;
using System.Net.WebSockets;
using System.Runtime.ExceptionServices;
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
    /// <param name="allowedOrigins">The origins whose pages may open this route besides the app's own and <see cref="WebSocketOptions.AllowedOrigins"/>; <c>*</c> for any.</param>
    public Route Route(string path, Func<Request, RollWebSocket, Task> handler, string protocol, IEnumerable<string>? subprotocols = null,
        string? name = null, IReadOnlyDictionary<string, object?>? extras = null, IEnumerable<string>? allowedOrigins = null)
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
        var origins = allowedOrigins?.ToArray();
        return AddRoute(path, (request, response) => ServeWebSocketAsync(request, response, handler, supported, origins), handler, ["GET"], -1,
            name, lazyBody: false, accepts: null, all, protocol: "websocket");
    }

    /// <summary>Runs when a websocket is open, before its handler; a listener that throws fails the socket like its handler would (1011).</summary>
    public void OnWebSocketConnect(Func<Request, RollWebSocket, Task> listener) => _webSocketConnect.Add(listener);

    /// <summary>Runs when a websocket's handler is done, failed, or its client went away: always, once the socket is closed or dropped.</summary>
    public void OnWebSocketDisconnect(Func<Request, RollWebSocket, Task> listener) => _webSocketDisconnect.Add(listener);

    /// <summary>An upgrade to websocket asked of a route that speaks HTTP is 501 Not Implemented, as in Roll.</summary>
    /// <remarks>The connection closes after the answer: the client meant to leave HTTP, and what it sends next may not be HTTP.</remarks>
    private static void CheckProtocol(Request request, Response response, Route route)
    {
        if (route.Protocol != "websocket" && WebSocketHandshake.IsUpgradeRequest(request))
        {
            response.Headers["Connection"] = "close";
            throw new HttpError(HttpStatusCode.NotImplemented, "This route does not speak websocket");
        }
    }

    private async Task ServeWebSocketAsync(Request request, Response response, Func<Request, RollWebSocket, Task> handler, IReadOnlyList<string> supported,
        IReadOnlyCollection<string>? allowedOrigins)
    {
        // Before the 101, a refusal (HttpError) is an ordinary HTTP answer; after it, the socket is the only channel left.
        var socket = await WebSocketHandshake.AcceptAsync(request, response, supported, WebSockets, allowedOrigins).ConfigureAwait(false);
        var counted = Diagnostics.ServerTelemetry.WebSocketOpened();
        Exception? failure = null;
        try
        {
            foreach (var listener in _webSocketConnect)
            {
                await listener(request, socket).ConfigureAwait(false);
            }
            await handler(request, socket).ConfigureAwait(false);
            await socket.CloseAsync(ClientCloseOr(socket, WebSocketCloseStatus.NormalClosure)).ConfigureAwait(false);
        }
        catch (Exception error) when (IsGone(error, socket))
        {
            // The client closed (its close is answered with its own code) or went away: nothing to report.
            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseAsync(ClientCloseOr(socket, WebSocketCloseStatus.NormalClosure)).ConfigureAwait(false);
            }
            else
            {
                socket.Socket.Abort();
            }
        }
        catch (OperationCanceledException)
        {
            // The handler gave up (cancelled) while the socket was open: it is going away (1001), which is no error.
            await socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Going away").ConfigureAwait(false);
        }
        catch (Exception error)
        {
            await socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "Internal error").ConfigureAwait(false);
            failure = error;
        }
        finally
        {
            socket.HandlerDone();
        }
        failure = await DisconnectAsync(request, socket, failure).ConfigureAwait(false);
        socket.Socket.Dispose();
        Diagnostics.ServerTelemetry.WebSocketClosed(counted);
        if (failure is not null)
        {
            // Reported like any other error: HandleAsync gives it to the error listeners (the 101 is long sent).
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>The code that answers a close the client sent (RFC 6455 §5.5.1: its own), or <paramref name="code"/> when it sent none.</summary>
    private static WebSocketCloseStatus ClientCloseOr(RollWebSocket socket, WebSocketCloseStatus code)
        => socket.State == WebSocketState.CloseReceived && socket.CloseStatus is { } status && status != WebSocketCloseStatus.Empty ? status : code;

    private static bool IsGone(Exception error, RollWebSocket socket)
        => error is WebSocketClosedException or WebSocketException
            || (error is IOException or OperationCanceledException or ObjectDisposedException && socket.State != WebSocketState.Open);

    /// <summary>Runs every disconnect listener, even after one failed (the websockets store must forget the socket); returns the first failure.</summary>
    private async Task<Exception?> DisconnectAsync(Request request, RollWebSocket socket, Exception? failure)
    {
        foreach (var listener in _webSocketDisconnect)
        {
            try
            {
                await listener(request, socket).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                failure ??= error;
            }
        }
        return failure;
    }
}
