using System.Text;

namespace Roll.Server;

/// <summary>A parsed request head, kept per connection and reused: ranges into a copy of the head's bytes, plus the framing facts the engine needs.</summary>
internal sealed class RequestHead
{
    private string? _url;
    private string? _queryString;
    private byte[] _lastPathBytes = new byte[64];
    private int _lastPathLength = -1;

    // Most heads are a few hundred bytes (a browser's, under 2 KB): the buffer grows once on a connection that sends more.
    public byte[] Buffer = new byte[1024];
    public int Length;
    public string Method = "GET";
    public int TargetStart;
    public int TargetLength;
    public int QueryStart;
    public int QueryLength;
    public string Path = "/";
    public bool IsHttp11;
    public long ContentLength;
    public bool HasTransferEncoding;
    public bool Chunked;
    public bool OtherTransferCoding;
    public bool KeepAlive;
    public bool ConnectionClose;
    public bool ConnectionUpgrade;
    public bool ExpectContinue;
    public int HostCount;
    public readonly RequestHeaders Headers = new();

    public string Url => _url ??= Encoding.ASCII.GetString(Buffer, TargetStart, TargetLength);

    public string QueryString => _queryString ??= QueryLength <= 0 ? string.Empty : Encoding.ASCII.GetString(Buffer, QueryStart, QueryLength);

    public bool HasBody => Chunked || ContentLength > 0;

    public void Reset(int length)
    {
        Length = length;
        _url = null;
        _queryString = null;
        QueryStart = 0;
        QueryLength = 0;
        ContentLength = -1;
        HasTransferEncoding = false;
        Chunked = false;
        OtherTransferCoding = false;
        KeepAlive = false;
        ConnectionClose = false;
        ConnectionUpgrade = false;
        ExpectContinue = false;
        HostCount = 0;
        Headers.Reset(Buffer);
    }

    /// <summary>Makes the head buffer at least this large, keeping nothing (called before a head is copied in).</summary>
    public void EnsureCapacity(int length)
    {
        if (Buffer.Length < length)
        {
            Buffer = new byte[Math.Max(length, Buffer.Length * 2)];
        }
    }

    /// <summary>Returns the previous request's path string when the raw path bytes are the same: keep-alive clients repeat paths.</summary>
    public bool TryReusePath(ReadOnlySpan<byte> raw)
    {
        return _lastPathLength == raw.Length && raw.SequenceEqual(_lastPathBytes.AsSpan(0, _lastPathLength));
    }

    public void RememberPath(ReadOnlySpan<byte> raw, string path)
    {
        Path = path;
        if (raw.Length <= _lastPathBytes.Length)
        {
            raw.CopyTo(_lastPathBytes);
            _lastPathLength = raw.Length;
        }
        else
        {
            _lastPathLength = -1;
        }
    }
}
