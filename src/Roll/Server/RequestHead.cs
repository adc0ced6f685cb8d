using System.Text;

namespace Roll.Server;

/// <summary>A parsed request head, kept per connection and reused: ranges into a copy of the head's bytes, plus the framing facts the engine needs.</summary>
internal sealed class RequestHead
{
    private string? _url;
    private string? _queryString;
    // The decoded-path cache: the raw path bytes of the last decoded path and its string. It maps raw bytes to a
    // string and never stands for the current path: every parse assigns Path, from the cache only on a byte match.
    private byte[] _lastPathBytes = new byte[64];
    private int _lastPathLength = -1;
    private string? _lastPath;

    // Most heads are a few hundred bytes (a browser's, under 2 KB): the buffer grows once on a connection that sends more.
    public byte[] Buffer = new byte[1024];
    public int Length;
    public string Method = "GET";
    public int TargetStart;
    public int TargetLength;
    public int QueryStart;
    public int QueryLength;
    // The authority of an absolute-form target (RFC 9112 §3.2.2), which stands for the Host header; 0 long when none.
    public int AuthorityStart;
    public int AuthorityLength;
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
    public bool HostEmpty;
    public readonly RequestHeaders Headers = new();

    public string Url => _url ??= Encoding.ASCII.GetString(Buffer, TargetStart, TargetLength);

    public string QueryString => _queryString ??= QueryLength <= 0 ? string.Empty : Encoding.ASCII.GetString(Buffer, QueryStart, QueryLength);

    public bool HasBody => Chunked || ContentLength > 0;

    public void Reset(int length)
    {
        Length = length;
        // A head refused before its method is read must not be taken for the previous request's (a HEAD's answer has no body).
        Method = "GET";
        Path = "/";
        _url = null;
        _queryString = null;
        QueryStart = 0;
        QueryLength = 0;
        AuthorityStart = 0;
        AuthorityLength = 0;
        ContentLength = -1;
        HasTransferEncoding = false;
        Chunked = false;
        OtherTransferCoding = false;
        KeepAlive = false;
        ConnectionClose = false;
        ConnectionUpgrade = false;
        ExpectContinue = false;
        HostCount = 0;
        HostEmpty = false;
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

    /// <summary>Sets <see cref="Path"/> to the string last decoded from the same raw bytes, if these are they: keep-alive clients repeat paths.</summary>
    public bool TryReusePath(ReadOnlySpan<byte> raw)
    {
        if (_lastPath is null || _lastPathLength != raw.Length || !raw.SequenceEqual(_lastPathBytes.AsSpan(0, _lastPathLength)))
        {
            return false;
        }
        Path = _lastPath;
        return true;
    }

    /// <summary>Sets <see cref="Path"/> to a string just decoded from <paramref name="raw"/>, and remembers the pair for the next request.</summary>
    public void RememberPath(ReadOnlySpan<byte> raw, string path)
    {
        Path = path;
        if (raw.Length <= _lastPathBytes.Length)
        {
            raw.CopyTo(_lastPathBytes);
            _lastPathLength = raw.Length;
            _lastPath = path;
        }
        else
        {
            _lastPathLength = -1;
            _lastPath = null;
        }
    }
}
