using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Roll.Server;

/// <summary>Serves a Roll app on TCP and unix domain sockets, and stops it gracefully.</summary>
public sealed partial class RollServer : IAsyncDisposable
{
    private readonly RollApp _app;
    private readonly List<Socket> _listeners = [];
    private readonly List<EndPoint> _endPoints = [];
    private readonly List<string> _socketFiles = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<HttpProtocol, Socket> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private ConnectionGate _gate = null!;
    private bool _started;
    private bool _stopped;

    /// <summary>Creates a server for an app; nothing listens until <see cref="StartAsync"/>.</summary>
    public RollServer(RollApp app)
    {
        _app = app;
        PreferEventLoops();
    }

    /// <summary>The runtime's switch that runs socket continuations on its event threads (one per core).</summary>
    internal const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Serves connections the way Roll does on asyncio: a request runs on the event thread that saw its bytes
    /// arrive, until it awaits, instead of being handed to the thread pool and back. On a busy server that hop is
    /// most of the cost of a small request (two thread switches and their system calls).
    /// </summary>
    /// <remarks>
    /// The switch is the runtime's and process-wide, read once when the process makes its first asynchronous socket
    /// call; a value set in the environment (<c>0</c> turns it off) is left as it is. Handlers must then not block:
    /// a blocked handler holds every connection of its event thread, and <see cref="HttpProtocol"/> logs a warning.
    /// </remarks>
    private static void PreferEventLoops()
    {
        if (!OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }

    /// <summary>The addresses listened on, with the real port when port 0 was asked for.</summary>
    public IReadOnlyList<EndPoint> EndPoints => _endPoints;

    /// <summary>Whether the TCP addresses listened on after this is set may be shared with other processes and listeners, which then each get a share of the connections (SO_REUSEPORT); false by default, so binding an address in use fails.</summary>
    public bool ReusePort { get; set; }

    /// <summary>Listens on a TCP address and port (port 0: any free port); fails with an <see cref="IOException"/> naming the address when it is in use (unless <see cref="ReusePort"/>).</summary>
    public void Listen(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }
        try
        {
            AllowAddressReuse(socket, ReusePort);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Bind(socket, endPoint);
    }

    /// <summary>Listens on a TCP host name or address and port.</summary>
    public void Listen(string host, int port)
    {
        var address = ServeOptions.ResolveHost(host);
        Listen(new IPEndPoint(address, port));
    }

    /// <summary>Listens on a unix domain socket, replacing a stale socket file left at that path; <paramref name="mode"/> sets the file's permissions (0660 lets a proxy in the same group connect).</summary>
    public void ListenUnixSocket(string path, UnixFileMode? mode = null)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Bind(socket, new UnixDomainSocketEndPoint(path));
        _socketFiles.Add(path);
        if (mode is { } permissions && !OperatingSystem.IsWindows())
        {
            // Before StartAsync listens, so no client can connect while the umask's permissions still apply.
            File.SetUnixFileMode(path, permissions);
        }
    }

    /// <summary>Runs the app's <c>startup</c> listeners, then accepts connections.</summary>
    public async Task StartAsync()
    {
        if (_started)
        {
            throw new InvalidOperationException("The server is started already.");
        }
        if (_listeners.Count == 0)
        {
            throw new InvalidOperationException("Call Listen or ListenUnixSocket before StartAsync.");
        }
        _started = true;
        await _app.StartupAsync().ConfigureAwait(false);
        // Starts the process's timer thread now: the runtime needs a descriptor to start a thread, and the first
        // connection (or accept's first retry) may come when none is left.
        _ = Heartbeat.Now;
        _gate = new ConnectionGate();
        _gate.Cap = ConnectionCap() ?? int.MaxValue;
        foreach (var listener in _listeners)
        {
            listener.Listen(512);
            _acceptLoops.Add(AcceptLoopAsync(listener));
        }
    }

    /// <summary>Stops gracefully: <c>stopping</c>, then no new connections, idle ones closed, requests in flight finished within the shutdown timeout, then <c>shutdown</c>.</summary>
    public async Task StopAsync()
    {
        if (_stopped || !_started)
        {
            return;
        }
        _stopped = true;
        // Before the listeners close: a readiness answer turns 503 (and a drain delay runs) while connections are still taken.
        await _app.StoppingAsync().ConfigureAwait(false);
        _stopping.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
        foreach (var path in _socketFiles)
        {
            File.Delete(path);
        }
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        foreach (var connection in _connections.Keys)
        {
            connection.Stop();
        }
        var all = Task.WhenAll(_running.Keys);
        if (await Task.WhenAny(all, Task.Delay(_app.Limits.ShutdownTimeout)).ConfigureAwait(false) != all)
        {
            foreach (var socket in _connections.Values)
            {
                socket.Dispose();
            }
            await all.ConfigureAwait(false);
        }
        _gate?.Dispose();
        await _app.ShutdownAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the server gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
