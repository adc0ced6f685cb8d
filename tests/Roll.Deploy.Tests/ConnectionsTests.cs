using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roll.Deploy.Tests;

/// <summary>A sample process at its descriptor limit, and two samples on one port: what an operator sees.</summary>
// System: sample processes under hundreds of connections, tens of seconds each.
[Trait("Category", "System")]
public class ConnectionsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AtTheDescriptorLimitTheServerHoldsOnServesAgainOnceClientsLeaveAndStopsWithZero()
    {
        // More clients than descriptors: by default the server stops accepting short of the limit.
        using var sample = ChildProcess.Start("bash", ["-c", "ulimit -n 256; exec dotnet \"$0\" --port 0", Repository.Sample("Echo")]);
        var port = await PortAsync(sample);
        var slow = new List<Socket>();
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                slow.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: "));
            }
            using var good = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await good.ConnectAsync(IPAddress.Loopback, port);
            await good.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: good\r\nConnection: close\r\n\r\n"));

            foreach (var socket in slow)
            {
                socket.Dispose();
            }

            Assert.StartsWith("HTTP/1.1 200 OK\r\n", await ReceiveAllAsync(good));
        }
        finally
        {
            slow.ForEach(socket => socket.Dispose());
        }
        using var http = new HttpClient { Timeout = Patience };
        Assert.Equal("OK", await http.GetStringAsync($"http://127.0.0.1:{port}/"));
        sample.Signal();
        Assert.Equal(0, await sample.WaitForExitAsync(Patience));
        Assert.DoesNotContain("fail:", sample.Output);
        Assert.DoesNotContain("Unhandled", sample.Output);
    }

    [Fact]
    public async Task ASecondServerOnAPortInUseExitsWithOneLineNamingTheAddress()
    {
        using var first = ChildProcess.Start("dotnet", [Repository.Sample("Echo"), "--port", "0"]);
        var port = await PortAsync(first);

        using var second = ChildProcess.Start("dotnet", [Repository.Sample("Echo"), "--port", $"{port}"]);

        Assert.Equal(1, await second.WaitForExitAsync(Patience));
        Assert.Equal($"Cannot listen on 127.0.0.1:{port}: the address is in use by another process or listener "
            + "(sharing a port needs --reuse-port in each).\n", second.Output);
        first.Signal();
        Assert.Equal(0, await first.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task TwoServersWithReusePortBothStartOnOnePort()
    {
        using var first = ChildProcess.Start("dotnet", [Repository.Sample("Echo"), "--port", "0", "--reuse-port"]);
        var port = await PortAsync(first);

        using var second = ChildProcess.Start("dotnet", [Repository.Sample("Echo"), "--port", $"{port}", "--reuse-port"]);

        Assert.Equal(port, await PortAsync(second));
        first.Signal();
        second.Signal();
        Assert.Equal(0, await first.WaitForExitAsync(Patience));
        Assert.Equal(0, await second.WaitForExitAsync(Patience));
    }

    private static async Task<int> PortAsync(ChildProcess sample)
        => int.Parse((await sample.WaitForLineAsync(@"^Rolling on http://127\.0\.0\.1:(\d+)$", Patience)).Groups[1].Value);

    private static async Task<string> ReceiveAllAsync(Socket socket)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(Patience);
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token)) > 0)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return received.ToString();
    }
}
