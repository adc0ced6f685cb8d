using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Roll.Kestrel;

/// <summary>Runs an app on Kestrel until Ctrl+C or SIGTERM, as <c>ServeAsync</c> does on Roll's own engine.</summary>
public static class KestrelServeExtensions
{
    /// <summary>Serves the app on Kestrel where <paramref name="configure"/> says, printing <c>Rolling on ADDRESS</c> per address and Kestrel's warnings, until Ctrl+C or SIGTERM.</summary>
    /// <param name="app">The app to serve.</param>
    /// <param name="configure">Kestrel's options: <c>options.ListenLocalhost(5001, o => o.UseHttps(certificate))</c>, say.</param>
    /// <param name="quiet">Whether to keep from printing the addresses.</param>
    /// <param name="cancellationToken">Stops the server when cancelled, like a signal.</param>
    public static Task ServeKestrelAsync(this RollApp app, Action<KestrelServerOptions> configure, bool quiet = false,
        CancellationToken cancellationToken = default)
        => ServeUntilStoppedAsync(app, configure, quiet, started: null, cancellationToken);

    private static async Task ServeUntilStoppedAsync(RollApp app, Action<KestrelServerOptions> configure, bool quiet, Action? started,
        CancellationToken cancellationToken)
    {
        // Kestrel's warnings say what an operator must know: an endpoint that cannot speak HTTP/3, a failed TLS setup.
        using var logging = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(options => options.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning));
        await using var server = new RollKestrelServer(app, configure, logging);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        started?.Invoke();
        if (!quiet)
        {
            foreach (var address in server.Addresses)
            {
                Console.WriteLine($"Rolling on {address.OriginalString} (Kestrel)");
            }
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

    /// <summary>Serves the app on Kestrel with the command line and environment of <c>ServeAsync(args)</c>, plus <c>--certificate PFX</c> and <c>--certificate-password P</c>.</summary>
    /// <remarks>
    /// Every option of Roll's <see cref="ServeOptions"/> means the same here (<c>--host</c>, <c>--port</c>,
    /// <c>--unix-socket</c> and its mode, <c>--shutdown-timeout</c>, <c>--trusted-proxies</c>, <c>--quiet</c>,
    /// <c>--max-connections</c> (Kestrel closes a client past the cap at once), and their <c>ROLL_*</c> variables), but
    /// <c>--reuse-port</c>, which is refused. With a certificate (or <c>ROLL_CERTIFICATE</c>) the address speaks HTTPS with HTTP/1.1,
    /// HTTP/2 and HTTP/3 (where libmsquic is installed); without, plain HTTP/1.1. <c>--engine kestrel</c> is accepted
    /// and ignored, so the same command line picks this engine wherever engines are picked.
    /// </remarks>
    public static async Task ServeKestrelAsync(this RollApp app, string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        KestrelCommandLine line;
        try
        {
            line = KestrelCommandLine.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException error) when (error.ParamName is null)
        {
            // As ServeAsync(args) does: one line, the usage, exit code 2.
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine();
            Console.Error.Write(ServeOptions.Usage(KestrelCommandLine.UsageOnly));
            Environment.ExitCode = 2;
            return;
        }
        if (line.Serve.Help)
        {
            Console.Out.Write(ServeOptions.Usage(KestrelCommandLine.UsageOnly));
            return;
        }
        var options = line.Serve;
        if (options.ShutdownTimeout is { } timeout)
        {
            app.Limits.ShutdownTimeout = timeout;
        }
        if (options.MaxConnections is { } maxConnections)
        {
            app.Limits.MaxConnections = maxConnections;
        }
        if (options.ReusePort)
        {
            throw new ArgumentException("--reuse-port (ROLL_REUSE_PORT) is for Roll's engine: Kestrel does not share its port with another process.");
        }
        foreach (var network in options.TrustedProxies.Networks)
        {
            app.TrustedProxies.Add(network);
        }
        app.TrustedProxies.UnixSocket |= options.TrustedProxies.UnixSocket;
        await ServeUntilStoppedAsync(app, line.Configure, options.Quiet, line.SetSocketMode, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The command line of an app served on Kestrel: Roll's <see cref="ServeOptions"/> and a certificate.</summary>
internal sealed record KestrelCommandLine(ServeOptions Serve, string? Certificate, string? CertificatePassword)
{
    /// <summary>The certificate options' lines in the usage; <see cref="Parse"/> reads them itself.</summary>
    public static readonly CommandLineOption[] UsageOnly =
    [
        new("certificate", "PFX", "a PKCS#12 file", _ => { }) { Help = "serve HTTPS, HTTP/2 and HTTP/3 with this certificate" },
        new("certificate-password", "P", "a password", _ => { }) { Help = "the certificate file's password" },
    ];

    /// <summary>Takes the certificate and <c>--engine</c> out, and leaves the rest to <see cref="ServeOptions.Parse(string[], Func{string, string?})"/>.</summary>
    public static KestrelCommandLine Parse(string[] args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        var certificate = environment("ROLL_CERTIFICATE");
        var password = environment("ROLL_CERTIFICATE_PASSWORD");
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--certificate" when i + 1 < args.Length:
                    certificate = args[++i];
                    break;
                case "--certificate-password" when i + 1 < args.Length:
                    password = args[++i];
                    break;
                case "--engine" when i + 1 < args.Length && args[i + 1] == "kestrel":
                    i++;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        return new KestrelCommandLine(ServeOptions.Parse([.. rest], environment), certificate, password);
    }

    /// <summary>Listens where the command line says.</summary>
    public void Configure(KestrelServerOptions options)
    {
        if (Serve.UnixSocket is { } path)
        {
            if (File.Exists(path))
            {
                // A stale socket file left by a killed server, as Roll's engine replaces it too.
                File.Delete(path);
            }
            options.ListenUnixSocket(path, Listen);
            return;
        }
        var address = ServeOptions.ResolveHost(Serve.Host);
        options.Listen(address, Serve.Port, Listen);
    }

    /// <summary>Gives the unix socket file the asked permissions, once Kestrel has made it.</summary>
    public void SetSocketMode()
    {
        if (Serve.UnixSocket is { } path && Serve.UnixSocketMode is { } mode && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private void Listen(ListenOptions listen)
    {
        if (Certificate is null)
        {
            listen.Protocols = HttpProtocols.Http1;
            return;
        }
        listen.Protocols = HttpProtocols.Http1AndHttp2AndHttp3;
        listen.UseHttps(X509CertificateLoader.LoadPkcs12FromFile(Certificate, CertificatePassword));
    }
}
