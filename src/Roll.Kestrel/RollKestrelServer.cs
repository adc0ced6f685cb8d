using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Roll.Kestrel;

/// <summary>Serves a Roll app on Kestrel (TLS, HTTP/1.1, HTTP/2, HTTP/3), with Roll's own engine behind it; stops gracefully.</summary>
/// <remarks>
/// Kestrel parses each request, the bridge writes it as HTTP/1.1 bytes to an in-memory connection of Roll's engine,
/// and gives the answer Roll writes back to Kestrel, streamed both ways. The app runs unchanged: the same
/// dispatch, errors, framing decisions and websockets as on <c>RollServer</c>. Listening is configured with
/// Kestrel's own options (<c>Listen</c>, <c>UseHttps</c>, <c>Protocols</c>); the app's <c>Limits</c> become
/// Kestrel's limits first, and Kestrel sends no Server header, as Roll does not. The bridge sets Kestrel's endpoint
/// defaults (<c>ConfigureEndpointDefaults</c>) to learn each connection's peer and measure it; replacing them loses unix socket peers and the <c>roll.server.*</c> connection instruments.
/// </remarks>
public sealed class RollKestrelServer : IAsyncDisposable
{
    private readonly RollApp _app;
    private readonly RollBridge _bridge;
    private readonly WebApplication _host;
    private readonly IServer _server;
    private readonly List<Uri> _addresses = [];
    private bool _started;
    private bool _stopped;

    /// <summary>Creates a server for an app, listening where <paramref name="configure"/> says; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="app">The app to serve.</param>
    /// <param name="configure">Kestrel's options: where to listen, with which protocols and certificate.</param>
    /// <param name="loggerFactory">Where Kestrel logs; silent when null.</param>
    public RollKestrelServer(RollApp app, Action<KestrelServerOptions> configure, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(configure);
        _app = app;
        _bridge = new RollBridge(app);
        // An empty host only to build Kestrel and its transports (sockets, QUIC) as ASP.NET Core does; it never runs.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        if (loggerFactory is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        }
        builder.WebHost.UseKestrelCore().UseQuic().ConfigureKestrel(options =>
        {
            ApplyLimits(app, options);
            configure(options);
        });
        _host = builder.Build();
        _server = _host.Services.GetRequiredService<IServer>();
    }

    /// <summary>The addresses listened on once started, with the real port where port 0 was asked for.</summary>
    public IReadOnlyList<Uri> Addresses => _addresses;

    /// <summary>Runs the app's <c>startup</c> listeners, then starts Kestrel.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("The server is started already.");
        }
        _started = true;
        await _app.StartupAsync().ConfigureAwait(false);
        await _server.StartAsync(_bridge, cancellationToken).ConfigureAwait(false);
        foreach (var address in _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            _addresses.Add(new Uri(address));
        }
    }

    /// <summary>Stops gracefully: <c>stopping</c>, websockets closed with 1001, no new connections, requests in flight finished within the app's shutdown timeout, then <c>shutdown</c>.</summary>
    public async Task StopAsync()
    {
        if (_stopped || !_started)
        {
            return;
        }
        _stopped = true;
        await _app.StoppingAsync().ConfigureAwait(false);
        var timeout = _app.Limits.ShutdownTimeout;
        _bridge.StopWebSockets();
        using (var patience = new CancellationTokenSource(timeout))
        {
            // Kestrel stops accepting, closes idle connections, and aborts the others once patience runs out.
            await _server.StopAsync(patience.Token).ConfigureAwait(false);
        }
        await _bridge.CloseAllAsync(timeout).ConfigureAwait(false);
        await _app.ShutdownAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the server gracefully and releases Kestrel.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The app's limits, as Kestrel's (Roll's defaults are Kestrel's); the body size is left to Roll, which knows lazy routes.</summary>
    private static void ApplyLimits(RollApp app, KestrelServerOptions options)
    {
        var limits = app.Limits;
        options.AddServerHeader = false;
        options.ConfigureEndpointDefaults(listen =>
        {
            ClientOrigin.RememberPeers(listen);
            ConnectionTelemetry.Measure(listen);
        });
        options.Limits.MaxRequestBodySize = null;
        // Roll's limit is on the target alone; Kestrel's on the whole line, method and version included.
        options.Limits.MaxRequestLineSize = limits.MaxRequestTargetSize + 1024;
        options.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
        options.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
        options.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
        options.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        // Kestrel's cap answers a client past it by closing at once; Roll's engine leaves it waiting in the backlog.
        options.Limits.MaxConcurrentConnections = limits.MaxConnections;
        options.Limits.MinRequestBodyDataRate = limits.MinRequestBodyDataRate is { } body
            ? new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(body.BytesPerSecond, body.GracePeriod)
            : null;
        options.Limits.MinResponseDataRate = limits.MinResponseDataRate is { } answer
            ? new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(answer.BytesPerSecond, answer.GracePeriod)
            : null;
    }
}
