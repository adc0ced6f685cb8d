using System.Net.Sockets;
using System.Text;

namespace Roll.Deploy.Tests;

/// <summary>Stands in for systemd: a unix datagram socket whose path a child gets as NOTIFY_SOCKET, and the states it sends.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("roll-notify-");

    public NotifySocket()
    {
        Path = System.IO.Path.Combine(_folder.FullName, "notify");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
    }

    /// <summary>The socket's path, for NOTIFY_SOCKET.</summary>
    public string Path { get; }

    /// <summary>Waits for the next datagram and returns it as text.</summary>
    public async Task<string> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    public void Dispose()
    {
        _socket.Dispose();
        _folder.Delete(recursive: true);
    }
}
