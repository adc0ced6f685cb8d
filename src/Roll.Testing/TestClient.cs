using System.Net.WebSockets;

namespace Roll.Testing;

/// <summary>Tests an app in memory, through its real HTTP/1.1 engine: requests go in as raw bytes, responses are parsed from raw bytes.</summary>
/// <remarks>
/// <para>
/// Each connection is a pair of in-memory pipes served by <see cref="RollApp.CreateProtocol"/>, exactly as a
/// socket would be, so parsing, keep-alive, framing and errors are the engine's own. Requests go on one kept-alive
/// connection; after <c>Connection: close</c> the next request opens a new one. Each connection has its own fake
/// peer address (127.0.0.1 and a port), so <c>request.RemoteEndPoint</c> tells connections apart. The Host header
/// is <c>testserver</c> unless a request gives its own.
/// </para>
/// <para>
/// <c>new TestClient(app)</c> leaves the app's startup and shutdown events alone: <see cref="RollTestBase"/> runs
/// them around each test. For tests that compose their own setup, <see cref="StartAsync"/> runs startup and makes a
/// client whose disposal runs shutdown.
/// </para>
/// <para>
/// <see cref="TestClientBase.WebSocketAsync"/> opens a websocket in memory too: the handshake goes through the engine
/// like any request, then a client System.Net.WebSockets socket speaks over the same pipes.
/// </para>
/// </remarks>
public sealed class TestClient : TestClientBase
{
    private readonly RollApp _app;
    private bool _ownsLifetime;

    /// <summary>Creates a client of an app; the app's startup and shutdown events are not run (see the class remarks).</summary>
    public TestClient(RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _app = app;
    }

    /// <summary>The app under test.</summary>
    public RollApp App => _app;

    /// <summary>Runs the app's startup listeners and returns a client whose disposal runs its shutdown listeners.</summary>
    public static async Task<TestClient> StartAsync(RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartupAsync().ConfigureAwait(false);
        return new TestClient(app) { _ownsLifetime = true };
    }

    /// <inheritdoc/>
    private protected override string Host => "testserver";

    /// <inheritdoc/>
    private protected override ValueTask<ClientConnection> OpenConnectionAsync(CancellationToken cancellationToken)
        => ValueTask.FromResult<ClientConnection>(new InMemoryConnection(_app, Timeout));

    /// <inheritdoc/>
    private protected override Task<WebSocket> OpenWebSocketAsync(string path, string[] subprotocols, IReadOnlyDictionary<string, string>? headers)
    {
        var key = ClientHandshake.NewKey();
        var request = RequestEncoder.Encode("GET", path, Host, DefaultHeaders, ClientHandshake.Headers(key, subprotocols, headers), body: null);
        return ClientHandshake.ConnectAsync(new InMemoryConnection(_app, Timeout), request, key, subprotocols, Timeout);
    }

    /// <inheritdoc/>
    private protected override async ValueTask DisposeCoreAsync()
    {
        if (_ownsLifetime)
        {
            await _app.ShutdownAsync().ConfigureAwait(false);
        }
    }
}
