using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roll.Kestrel.Tests;

/// <summary>A plain TCP connection for the HTTP/1.1 exchanges a client library hides: interim answers, HTTP/1.0.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<byte> _buffered = [];

    private RawConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects to an endpoint.</summary>
    public static async Task<RawConnection> ConnectAsync(IPEndPoint endPoint)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await tcp.ConnectAsync(endPoint);
        return new RawConnection(tcp);
    }

    /// <summary>Sends text as ASCII bytes.</summary>
    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Reads one response head, up to and without its empty line.</summary>
    public async Task<string> ReadHeadAsync()
    {
        var head = await ReadUntilAsync("\r\n\r\n"u8.ToArray());
        return head[..^4];
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes of body as text.</summary>
    public async Task<string> ReadBodyAsync(int length)
    {
        await FillAsync(length);
        var body = Encoding.UTF8.GetString(_buffered.GetRange(0, length).ToArray());
        _buffered.RemoveRange(0, length);
        return body;
    }

    /// <summary>Reads everything until the server closes the connection.</summary>
    public async Task<string> ReadToEndAsync()
    {
        var buffer = new byte[4096];
        int read;
        while ((read = await _stream.ReadAsync(buffer)) > 0)
        {
            _buffered.AddRange(buffer.AsSpan(0, read));
        }
        var all = Encoding.UTF8.GetString(_buffered.ToArray());
        _buffered.Clear();
        return all;
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> ReadUntilAsync(byte[] delimiter)
    {
        while (true)
        {
            var at = _buffered.ToArray().AsSpan().IndexOf(delimiter);
            if (at >= 0)
            {
                var text = Encoding.ASCII.GetString(_buffered.GetRange(0, at + delimiter.Length).ToArray());
                _buffered.RemoveRange(0, at + delimiter.Length);
                return text;
            }
            await FillAsync(_buffered.Count + 1);
        }
    }

    private async Task FillAsync(int count)
    {
        var buffer = new byte[4096];
        while (_buffered.Count < count)
        {
            var read = await _stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new EndOfStreamException($"The server closed the connection; had: {Encoding.ASCII.GetString(_buffered.ToArray())}");
            }
            _buffered.AddRange(buffer.AsSpan(0, read));
        }
    }
}
