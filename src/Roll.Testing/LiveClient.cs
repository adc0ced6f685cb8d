using System.Net;
using System.Net.WebSockets;
using Roll.Server;

namespace Roll.Testing;

/// <summary>Serves an app on a real loopback socket (127.0.0.1, a free port) for tests that need one: websockets, streaming, HttpClient.</summary>
/// <remarks>
/// The verb methods send the same raw bytes as <see cref="TestClient"/> over a TCP connection and parse the
/// response with the same parser, so both clients behave alike. <see cref="Http"/> is an ordinary HttpClient for
/// tests that want one. <see cref="StartAsync"/> runs the app's startup listeners; disposal stops the server
/// gracefully and runs its shutdown listeners.
/// </remarks>
public sealed class LiveClient : TestClientBase
{
    private readonly IAsyncDisposable _server;
    private readonly IPEndPoint _endPoint;

    private LiveClient(IAsyncDisposable server, IPEndPoint endPoint)
    {
        _server = server;
        _endPoint = endPoint;
        BaseAddress = new Uri($"http://127.0.0.1:{endPoint.Port}/");
        WebSocketAddress = new Uri($"ws://127.0.0.1:{endPoint.Port}/");
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server's address for websockets, <c>ws://127.0.0.1:PORT/</c>.</summary>
    public Uri WebSocketAddress { get; }

    /// <summary>The port the server listens on, chosen by the system.</summary>
    public int Port => _endPoint.Port;

    /// <summary>An HttpClient whose BaseAddress is the server's.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts the app on 127.0.0.1 with a free port, running its startup listeners.</summary>
    public static async Task<LiveClient> StartAsync(RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var server = new RollServer(app);
        try
        {
            server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
            await server.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new LiveClient(server, (IPEndPoint)server.EndPoints[0]);
    }

    /// <summary>Makes a client of an app that another server already serves on a loopback port (Roll.Kestrel's, say); disposing the client disposes that server.</summary>
    /// <param name="endPoint">Where the server listens.</param>
    /// <param name="server">The server, stopped when the client is disposed.</param>
    public static LiveClient Attach(IPEndPoint endPoint, IAsyncDisposable server)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(server);
        return new LiveClient(server, endPoint);
    }

    /// <summary>Opens a websocket on a path with a <see cref="ClientWebSocket"/>, connected; throws <see cref="WebSocketRefusedException"/> when the app answers other than 101.</summary>
    /// <param name="path">The websocket route's path, query string included.</param>
    /// <param name="subprotocols">The subprotocols offered, in order of preference.</param>
    /// <param name="headers">Headers for the handshake request, on top of <see cref="TestClientBase.DefaultHeaders"/>.</param>
    public new async Task<ClientWebSocket> WebSocketAsync(string path, IEnumerable<string>? subprotocols = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        foreach (var subprotocol in subprotocols ?? [])
        {
            client.Options.AddSubProtocol(subprotocol);
        }
        foreach (var (name, value) in DefaultHeaders.Concat(headers ?? new Dictionary<string, string>()))
        {
            client.Options.SetRequestHeader(name, value);
        }
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await client.ConnectAsync(new Uri(WebSocketAddress, path), timeout.Token).ConfigureAwait(false);
        }
        catch (WebSocketException error) when (client.HttpStatusCode is not 0 and not HttpStatusCode.SwitchingProtocols)
        {
            var status = client.HttpStatusCode;
            client.Dispose();
            throw new WebSocketRefusedException(status, null, error);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return client;
    }

    /// <inheritdoc/>
    private protected override async Task<WebSocket> OpenWebSocketAsync(string path, string[] subprotocols, IReadOnlyDictionary<string, string>? headers)
        => await WebSocketAsync(path, subprotocols, headers).ConfigureAwait(false);

    /// <inheritdoc/>
    private protected override string Host => $"127.0.0.1:{Port}";

    /// <inheritdoc/>
    private protected override async ValueTask<ClientConnection> OpenConnectionAsync(CancellationToken cancellationToken)
        => await SocketConnection.ConnectAsync(_endPoint, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    private protected override async ValueTask DisposeCoreAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}
