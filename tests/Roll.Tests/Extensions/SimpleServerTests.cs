using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace Roll.Tests.Extensions;

public class SimpleServerTests
{
    [Fact]
    public async Task ServeAsyncListensOnAUnixSocketWithTheGivenPermissionsThenStopsWhenCancelled()
    {
        var folder = Directory.CreateTempSubdirectory("roll-serve-");
        var path = Path.Combine(folder.FullName, "app.sock");
        var shutdown = false;
        var app = new RollApp { Logger = NullLogger<RollApp>.Instance };
        app.Route("/", (request, response) => response.Body = "unix");
        app.OnShutdown(() => shutdown = true);
        using var stop = new CancellationTokenSource();
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

        var serving = app.ServeAsync(new ServeOptions { UnixSocket = path, UnixSocketMode = mode, Quiet = true }, stop.Token);
        using var socket = await ConnectAsync(path);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(mode, File.GetUnixFileMode(path));
        }
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n"u8.ToArray());
        var answer = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            answer.Write(buffer, 0, read);
        }
        Assert.StartsWith("HTTP/1.1 200 OK", Encoding.ASCII.GetString(answer.ToArray()));
        Assert.EndsWith("\r\n\r\nunix", Encoding.ASCII.GetString(answer.ToArray()));

        stop.Cancel();
        await serving;
        Assert.True(shutdown);
        Assert.False(File.Exists(path));
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task TheShutdownTimeoutOptionBecomesTheAppsLimit()
    {
        var app = new RollApp { Logger = NullLogger<RollApp>.Instance };
        using var stop = new CancellationTokenSource();
        app.OnStartup(stop.Cancel);

        await app.ServeAsync(new ServeOptions { Port = 0, Quiet = true, ShutdownTimeout = TimeSpan.FromSeconds(3) }, stop.Token);

        Assert.Equal(TimeSpan.FromSeconds(3), app.Limits.ShutdownTimeout);
    }

    private static async Task<Socket> ConnectAsync(string path)
    {
        // The file appears at bind, the socket accepts once the app has started: retry until then.
        for (var attempt = 0; ; attempt++)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
                return socket;
            }
            catch (SocketException) when (attempt < 500)
            {
                socket.Dispose();
                await Task.Delay(10);
            }
        }
    }
}
