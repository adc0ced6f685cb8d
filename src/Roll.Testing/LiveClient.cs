using System.Net;
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
    private readonly RollServer _server;
    private readonly IPEndPoint _endPoint;

    private LiveClient(RollServer server, IPEndPoint endPoint)
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
