using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roll.Tests.WebSockets;

/// <summary>A websocket client written by hand over TCP, for what ClientWebSocket will not do: keep silent to pings and closes, and show each frame as it comes.</summary>
internal sealed class RawWebSocket : IAsyncDisposable
{
    /// <summary>The key of RFC 6455 §1.3's example, whose accept value is known.</summary>
    public const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";

    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawWebSocket(Socket socket, string head)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Head = head;
    }

    /// <summary>The server's answer to the handshake, up to the empty line.</summary>
    public string Head { get; private set; }

    /// <summary>Connects and sends a handshake, with extra header lines if given; reads the answer's head.</summary>
    public static async Task<RawWebSocket> ConnectAsync(int port, string path, string extraHeaders = "")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var raw = new RawWebSocket(socket, "");
        var request = $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {SampleKey}\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n";
        await raw._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        raw.Head = await raw.ReadHeadAsync();
        return raw;
    }

    /// <summary>Sends one frame, masked as a client must (RFC 6455 §5.3).</summary>
    public async Task SendFrameAsync(int opcode, byte[] payload, bool fin = true)
    {
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        byte[] mask = [1, 2, 3, 4];
        frame.AddRange(mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
        await _stream.WriteAsync(frame.ToArray());
    }

    /// <summary>Reads one frame (the server's are unmasked); null when the server ended the connection.</summary>
    public async Task<(int Opcode, bool Fin, byte[] Payload)?> ReadFrameAsync()
    {
        var header = new byte[2];
        if (!await ReadExactlyAsync(header))
        {
            return null;
        }
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            await ReadExactlyAsync(extended);
            length = extended.Aggregate(0L, (total, b) => (total << 8) | b);
        }
        var payload = new byte[length];
        await ReadExactlyAsync(payload);
        return (header[0] & 0x0F, (header[0] & 0x80) != 0, payload);
    }

    /// <summary>Reads frames until one of an opcode comes, skipping others; null when the connection ends first.</summary>
    public async Task<(int Opcode, bool Fin, byte[] Payload)?> ReadFrameAsync(int opcode)
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == opcode)
            {
                return frame;
            }
        }
        return null;
    }

    /// <summary>Waits until the server ends the connection, discarding what it sends.</summary>
    public async Task WaitForEndAsync()
    {
        var buffer = new byte[4096];
        while (await _stream.ReadAsync(buffer) > 0)
        {
        }
    }

    /// <summary>Drops the connection with a reset, as a client that vanishes does.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    private async Task<string> ReadHeadAsync()
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await _stream.ReadAsync(one) == 0)
            {
                break;
            }
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray());
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer);
            return true;
        }
        catch (Exception error) when (error is EndOfStreamException or IOException)
        {
            return false;
        }
    }
}
