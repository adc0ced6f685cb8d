using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Roll.Diagnostics;
using Roll.Server;

namespace Roll;

/// <summary>The <c>simple_server</c> extension: runs an app until Ctrl+C or SIGTERM, in development or under systemd.</summary>
public static partial class SimpleServerExtensions
{
    /// <summary>Serves the app on host:port (127.0.0.1:3579 by default), printing <c>Rolling on http://HOST:PORT</c> once listening, until Ctrl+C or SIGTERM.</summary>
    /// <param name="app">The app to serve.</param>
    /// <param name="host">The address to listen on.</param>
    /// <param name="port">The port to listen on; 0 for any free port.</param>
    /// <param name="quiet">Whether to keep from printing the address.</param>
    /// <param name="unixSocket">A unix domain socket path to listen on instead of TCP.</param>
    /// <param name="cancellationToken">Stops the server when cancelled, like a signal.</param>
    public static Task ServeAsync(this RollApp app, string host = "127.0.0.1", int port = 3579, bool quiet = false,
        string? unixSocket = null, CancellationToken cancellationToken = default)
        => app.ServeAsync(new ServeOptions { Host = host, Port = port, Quiet = quiet, UnixSocket = unixSocket }, cancellationToken);

    /// <summary>Serves the app with the options of its command line and environment (see <see cref="ServeOptions"/>): <c>--port 8000</c> or <c>ROLL_PORT=8000</c>, say.</summary>
    /// <remarks>
    /// <c>--help</c> prints the usage and returns, so the process exits with 0. An unknown option or a value that does
    /// not parse writes one line naming it and what it accepts to stderr, then the usage, sets
    /// <see cref="Environment.ExitCode"/> to 2 and returns without serving.
    /// </remarks>
    public static Task ServeAsync(this RollApp app, string[] args, CancellationToken cancellationToken = default)
        => app.ServeAsync(args, [], cancellationToken);

    /// <summary>Serves the app with Roll's options and the app's own (<c>--redis HOST:PORT</c>, say), from its command line and environment.</summary>
    /// <remarks>Each app option's <see cref="CommandLineOption.Set"/> runs before the app listens; errors and <c>--help</c> are as for <see cref="ServeAsync(RollApp, string[], CancellationToken)"/>.</remarks>
    public static Task ServeAsync(this RollApp app, string[] args, IEnumerable<CommandLineOption> appOptions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(appOptions);
        ServeOptions options;
        try
        {
            options = ServeOptions.Parse(args, Environment.GetEnvironmentVariable, appOptions);
        }
        catch (ArgumentException error) when (error.ParamName is null)
        {
            // The command line's convention: what is wrong in one line, then how to say it right; exit code 2 for usage errors.
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine();
            Console.Error.Write(ServeOptions.Usage(appOptions));
            Environment.ExitCode = 2;
            return Task.CompletedTask;
        }
        if (options.Help)
        {
            Console.Out.Write(ServeOptions.Usage(appOptions));
            return Task.CompletedTask;
        }
        return app.ServeAsync(options, cancellationToken);
    }

    /// <summary>Serves the app until Ctrl+C, SIGTERM or the token; then stops gracefully and returns, so the process exits with 0.</summary>
    /// <remarks>
    /// Once listening it tells systemd <c>READY=1</c>, and <c>STOPPING=1</c> when it stops. A stop refuses new
    /// connections, closes idle ones and websockets (1001), waits for requests in flight up to the shutdown timeout,
    /// then runs the shutdown listeners. A second Ctrl+C during that wait ends the process at once.
    /// When the app has no <see cref="RollApp.Logger"/>, the server's own messages go to the console meanwhile.
    /// When the address cannot be listened on (in use by another process, say), it writes one line saying so to
    /// stderr, sets <see cref="Environment.ExitCode"/> to 1 and returns without serving.
    /// </remarks>
    public static async Task ServeAsync(this RollApp app, ServeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        using var logging = app.Logger is NullLogger
            ? new DeferredLogger(CreateConsoleLogging, LoggerExtensions.Category, LogLevel.Information)
            : null;
        if (logging is not null)
        {
            app.Logger = logging;
        }
        try
        {
            if (options.ShutdownTimeout is { } timeout)
            {
                app.Limits.ShutdownTimeout = timeout;
            }
            if (options.MaxConnections is { } maxConnections)
            {
                app.Limits.MaxConnections = maxConnections;
            }
            foreach (var network in options.TrustedProxies.Networks)
            {
                app.TrustedProxies.Add(network);
            }
            app.TrustedProxies.UnixSocket |= options.TrustedProxies.UnixSocket;
            await using var server = new RollServer(app) { ReusePort = options.ReusePort };
            try
            {
                if (options.UnixSocket is not null)
                {
                    server.ListenUnixSocket(options.UnixSocket, options.UnixSocketMode);
                }
                else
                {
                    server.Listen(options.Host, options.Port);
                }
            }
            catch (IOException error)
            {
                // What an operator must read is the address and why: one line, no stack trace, and a failed exit.
                Console.Error.WriteLine(error.Message);
                Environment.ExitCode = 1;
                return;
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var interrupted = false;
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                // A second Ctrl+C while requests still finish gets the default: the process ends at once.
                context.Cancel = !interrupted;
                interrupted = true;
                stop.Cancel();
            });
            // SIGTERM always stops gracefully: dotnet watch sends one after the terminal's SIGINT on Ctrl+C.
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            await server.StartAsync().ConfigureAwait(false);
            logging?.Prepare();
            var address = options.UnixSocket is not null ? $"unix:{options.UnixSocket}" : $"http://{Describe(server.EndPoints[0])}";
            if (!options.Quiet)
            {
                Console.WriteLine($"Rolling on {address}");
            }
            Systemd.Notify($"READY=1\nSTATUS=Rolling on {address}");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            Systemd.Notify("STOPPING=1");
            LogStopping(app.Logger, app.Limits.ShutdownTimeout.TotalSeconds);
            await server.StopAsync().ConfigureAwait(false);
            LogStopped(app.Logger);
        }
        finally
        {
            if (logging is not null)
            {
                app.Logger = NullLogger.Instance;
            }
        }
    }

    private static ILoggerFactory CreateConsoleLogging() => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(LogLevel.Information);
        // A message logged under a request's span carries its trace and span ids.
        builder.TrackSpans();
        // Every message to stderr: stdout keeps the "Rolling on" line alone, which scripts read.
        builder.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is null)
        {
            builder.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.IncludeScopes = true;
            });
        }
        else
        {
            // Under systemd stderr goes to the journal, which reads each line's level from a "<6>" prefix.
            builder.AddSystemdConsole(options => options.IncludeScopes = true);
        }
    });

    private static string Describe(EndPoint endPoint) => endPoint is IPEndPoint ip
        ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip.Address}]:{ip.Port}" : $"{ip.Address}:{ip.Port}"
        : endPoint.ToString() ?? string.Empty;

    [LoggerMessage(EventId = 2, EventName = "Stopping", Level = LogLevel.Information,
        Message = "Stopping: no new connections, requests in flight have {Seconds} s to finish")]
    private static partial void LogStopping(ILogger logger, double seconds);

    [LoggerMessage(EventId = 3, EventName = "Stopped", Level = LogLevel.Information, Message = "Stopped")]
    private static partial void LogStopped(ILogger logger);
}
