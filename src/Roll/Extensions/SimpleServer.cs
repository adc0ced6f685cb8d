using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Roll.Server;

namespace Roll;

/// <summary>The <c>simple_server</c> extension: runs an app until Ctrl+C or SIGTERM.</summary>
public static class SimpleServerExtensions
{
    /// <summary>Serves the app on host:port (127.0.0.1:3579 by default), printing <c>Rolling on http://HOST:PORT</c> once listening, until Ctrl+C or SIGTERM.</summary>
    /// <param name="app">The app to serve.</param>
    /// <param name="host">The address to listen on.</param>
    /// <param name="port">The port to listen on; 0 for any free port.</param>
    /// <param name="quiet">Whether to keep from printing the address.</param>
    /// <param name="unixSocket">A unix domain socket path to listen on instead of TCP.</param>
    /// <param name="cancellationToken">Stops the server when cancelled, like a signal.</param>
    public static async Task ServeAsync(this RollApp app, string host = "127.0.0.1", int port = 3579, bool quiet = false,
        string? unixSocket = null, CancellationToken cancellationToken = default)
    {
        await using var server = new RollServer(app);
        if (unixSocket is not null)
        {
            server.ListenUnixSocket(unixSocket);
        }
        else
        {
            server.Listen(host, port);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        await server.StartAsync().ConfigureAwait(false);
        if (!quiet)
        {
            Console.WriteLine(unixSocket is not null
                ? $"Rolling on unix:{unixSocket}"
                : $"Rolling on http://{Describe(server.EndPoints[0])}");
        }
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await server.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Serves the app with the options of a sample's command line: <c>--host H</c>, <c>--port N</c>, <c>--unix-socket PATH</c>, <c>--quiet</c>.</summary>
    public static Task ServeAsync(this RollApp app, string[] args, CancellationToken cancellationToken = default)
    {
        var host = "127.0.0.1";
        var port = 3579;
        var quiet = false;
        string? unixSocket = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--host" when i + 1 < args.Length:
                    host = args[++i];
                    break;
                case "--port" when i + 1 < args.Length:
                    port = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--unix-socket" when i + 1 < args.Length:
                    unixSocket = args[++i];
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'; use --host H, --port N, --unix-socket PATH or --quiet.");
            }
        }
        return app.ServeAsync(host, port, quiet, unixSocket, cancellationToken);
    }

    private static string Describe(EndPoint endPoint) => endPoint is IPEndPoint ip
        ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip.Address}]:{ip.Port}" : $"{ip.Address}:{ip.Port}"
        : endPoint.ToString() ?? string.Empty;
}
