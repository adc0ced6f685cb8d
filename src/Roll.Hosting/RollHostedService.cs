using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Roll.Server;

namespace Roll.Hosting;

/// <summary>Runs a <see cref="RollServer"/> for the host's lifetime: listens when the host starts, stops gracefully when it stops.</summary>
public sealed partial class RollHostedService : IHostedService
{
    private readonly RollServer _server;
    private readonly RollHostOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service that runs a server with the host's options.</summary>
    public RollHostedService(RollServer server, IOptions<RollHostOptions> options, ILoggerFactory loggers)
    {
        _server = server;
        _options = options.Value;
        _logger = loggers.CreateLogger(LoggerExtensions.Category);
    }

    /// <summary>Listens on the configured addresses, runs the app's startup listeners and accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        UnixFileMode? mode = _options.UnixSocketMode is { } octal ? (UnixFileMode)Convert.ToInt32(octal, 8) : null;
        var urls = _options.Urls.Count > 0 ? _options.Urls : ["http://127.0.0.1:3579"];
        foreach (var url in urls)
        {
            if (url.StartsWith("unix:", StringComparison.Ordinal))
            {
                _server.ListenUnixSocket(url["unix:".Length..], mode);
            }
            else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "http" && uri.AbsolutePath == "/")
            {
                // Uri keeps an IPv6 host in brackets: [::1].
                _server.Listen(uri.Host.Trim('[', ']'), uri.Port);
            }
            else
            {
                throw new InvalidOperationException($"Roll:Urls has '{url}'; use http://HOST:PORT or unix:PATH.");
            }
        }
        await _server.StartAsync().ConfigureAwait(false);
        foreach (var endPoint in _server.EndPoints)
        {
            LogListening(_logger, Describe(endPoint));
        }
    }

    /// <summary>Stops gracefully: no new connections, requests in flight finished within the app's shutdown timeout, then the shutdown listeners.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();

    // IPEndPoint prints an IPv6 address in brackets already: [::1]:8000.
    private static string Describe(EndPoint endPoint) => endPoint is IPEndPoint ? $"http://{endPoint}" : $"unix:{endPoint}";

    [LoggerMessage(EventId = 4, EventName = "Listening", Level = LogLevel.Information, Message = "Rolling on {Address}")]
    private static partial void LogListening(ILogger logger, string address);
}
