using System.Globalization;
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
    public static async Task ServeKestrelAsync(this RollApp app, Action<KestrelServerOptions> configure, bool quiet = false,
        CancellationToken cancellationToken = default)
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

    /// <summary>Serves the app on Kestrel with a sample's command line: <c>--host H</c>, <c>--port N</c>, <c>--unix-socket PATH</c>, <c>--quiet</c>, <c>--certificate PFX [--certificate-password P]</c>.</summary>
    /// <remarks>
    /// The options are those of <c>ServeAsync(args)</c> on Roll's own engine, plus a certificate: with one the
    /// address speaks HTTPS with HTTP/1.1, HTTP/2 and HTTP/3 (where libmsquic is installed); without, plain HTTP/1.1.
    /// <c>--engine kestrel</c> is accepted and ignored, so the same command line picks this engine wherever engines are picked.
    /// </remarks>
    public static Task ServeKestrelAsync(this RollApp app, string[] args, CancellationToken cancellationToken = default)
    {
        var options = KestrelCommandLine.Parse(args);
        return app.ServeKestrelAsync(options.Configure, options.Quiet, cancellationToken);
    }
}

/// <summary>The command line of a sample served on Kestrel, read into Kestrel's options.</summary>
internal sealed record KestrelCommandLine(string Host, int Port, string? UnixSocket, bool Quiet, string? Certificate, string? CertificatePassword)
{
    /// <summary>Reads the options; an unknown one is an error that names the known ones.</summary>
    public static KestrelCommandLine Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var line = new KestrelCommandLine("127.0.0.1", 3579, null, false, null, null);
        for (var i = 0; i < args.Length; i++)
        {
            line = args[i] switch
            {
                "--host" when i + 1 < args.Length => line with { Host = args[++i] },
                "--port" when i + 1 < args.Length => line with { Port = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--unix-socket" when i + 1 < args.Length => line with { UnixSocket = args[++i] },
                "--certificate" when i + 1 < args.Length => line with { Certificate = args[++i] },
                "--certificate-password" when i + 1 < args.Length => line with { CertificatePassword = args[++i] },
                "--engine" when i + 1 < args.Length && args[++i] == "kestrel" => line,
                "--quiet" => line with { Quiet = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'; use --host H, --port N, --unix-socket PATH, --quiet, "
                    + "--certificate PFX, --certificate-password P or --engine kestrel."),
            };
        }
        return line;
    }

    /// <summary>Listens where the command line says.</summary>
    public void Configure(KestrelServerOptions options)
    {
        if (UnixSocket is not null)
        {
            if (File.Exists(UnixSocket))
            {
                // A stale socket file left by a killed server, as Roll's engine replaces it too.
                File.Delete(UnixSocket);
            }
            options.ListenUnixSocket(UnixSocket, Listen);
            return;
        }
        var address = Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(Host);
        options.Listen(address, Port, Listen);
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
