using System.Net;
using System.Net.Sockets;

namespace Roll.Deploy.Tests;

/// <summary>Debian's nginx run by a test: the repository's site configuration, pointed at a unix socket, on a free loopback port.</summary>
internal sealed class Nginx : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private Nginx(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The nginx program, or null when it is not installed.</summary>
    public static string? Program { get; } = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    /// <summary>The loopback port nginx listens on.</summary>
    public int Port { get; }

    /// <summary>Starts nginx in a folder with deploy/nginx-hello.conf proxying to the app's unix socket, and waits until it accepts connections.</summary>
    public static Task<Nginx> StartAsync(string folder, string appSocket)
        => StartSiteAsync(folder, "nginx-hello.conf", (site, port) =>
            Replace(Replace(site, "unix:/run/hello/hello.sock", $"unix:{appSocket}"), "listen 80;", $"listen 127.0.0.1:{port};"));

    /// <summary>Starts nginx in a folder with a site of deploy/, adapted to the test (given the port nginx listens on), and waits until it accepts connections.</summary>
    public static async Task<Nginx> StartSiteAsync(string folder, string siteFile, Func<string, int, string> adapt)
    {
        var port = FreePort();
        var site = adapt(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", siteFile)), port);
        await File.WriteAllTextAsync(Path.Combine(folder, "site.conf"), site);
        // The main configuration of a Debian nginx, reduced to what a test needs and kept inside the folder.
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/site.conf;
            }
            """);
        var process = ChildProcess.Start(Program!, ["-e", Path.Combine(folder, "error.log"), "-p", folder, "-c", Path.Combine(folder, "nginx.conf")]);
        var nginx = new Nginx(process, port);
        for (var attempt = 0; ; attempt++)
        {
            // nginx says nothing once it listens: try to connect until it accepts.
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return nginx;
            }
            catch (SocketException) when (attempt < 300)
            {
                await Task.Delay(20);
            }
            catch (SocketException)
            {
                var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
                await nginx.DisposeAsync();
                throw new InvalidOperationException($"nginx did not listen on {port}:\n{process.Output}\n{log}");
            }
        }
    }

    /// <summary>Stops nginx gracefully (SIGQUIT) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _process.Signal(3);
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    /// <summary>Replaces a line of a deploy/ file, failing when the file no longer has it.</summary>
    public static string Replace(string text, string old, string replacement)
        => text.Contains(old, StringComparison.Ordinal)
            ? text.Replace(old, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"The deploy/ file no longer has '{old}'; update the test with it.");

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
