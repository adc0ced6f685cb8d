using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roll.Tests.Server;

/// <summary>A raw client on a real socket, TCP or unix domain, for tests of <see cref="Roll.Server.RollServer"/>; every wait has a deadline.</summary>
internal sealed class SocketClient : IDisposable
{
    private readonly Socket _socket;
    private byte[] _received = new byte[4096];
    private int _start;
    private int _end;
    private bool _closed;

    private SocketClient(Socket socket)
    {
        _socket = socket;
    }

    public static async Task<SocketClient> ConnectAsync(EndPoint endPoint)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint).WaitAsync(RawConnection.Patience);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new SocketClient(socket);
    }

    public async Task SendAsync(string text)
    {
        await _socket.SendAsync(Encoding.ASCII.GetBytes(text)).WaitAsync(RawConnection.Patience);
    }

    public async Task<RawResponse> ReadResponseAsync()
    {
        while (true)
        {
            if (RawResponse.TryParse(_received.AsSpan(_start, _end - _start), answersHead: false, _closed, out var response, out var length))
            {
                _start += length;
                return response!;
            }
            if (_closed)
            {
                throw new InvalidDataException("The server closed the connection before a whole response.");
            }
            await ReceiveAsync();
        }
    }

    /// <summary>Waits for the server to close the connection, having sent nothing more.</summary>
    public async Task AssertClosedAsync()
    {
        while (!_closed)
        {
            await ReceiveAsync();
        }
        Assert.Equal(string.Empty, Encoding.Latin1.GetString(_received, _start, _end - _start));
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReceiveAsync()
    {
        if (_end == _received.Length)
        {
            Array.Resize(ref _received, _received.Length * 2);
        }
        int read;
        try
        {
            read = await _socket.ReceiveAsync(_received.AsMemory(_end)).AsTask().WaitAsync(RawConnection.Patience);
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionReset)
        {
            read = 0;
        }
        _end += read;
        _closed = read == 0;
    }
}
