using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Roll.Kestrel;

/// <summary>The head of a response Roll's engine wrote: its status, its reason and its header lines, in order.</summary>
/// <remarks>One per bridged connection, reused for each response; header names Roll writes often are not allocated again.</remarks>
internal sealed class ResponseHead
{
    private static readonly string[] s_commonNames =
    [
        "Content-Type", "Content-Length", "Date", "Set-Cookie", "Transfer-Encoding", "Connection", "Location",
        "Cache-Control", "Content-Disposition", "Access-Control-Allow-Origin", "Upgrade", "Sec-WebSocket-Accept",
        "Sec-WebSocket-Protocol", "Last-Modified", "ETag", "Vary", "Allow",
    ];

    private static readonly byte[][] s_commonNameBytes = s_commonNames.Select(Encoding.ASCII.GetBytes).ToArray();

    private byte[] _lastDate = [];
    private string _lastDateText = string.Empty;

    /// <summary>The status code.</summary>
    public int Status { get; private set; }

    /// <summary>The reason phrase, as Roll wrote it.</summary>
    public string Reason { get; private set; } = string.Empty;

    /// <summary>The header lines, in the order written, hop-by-hop ones included.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>The Content-Length, or -1 when there is none.</summary>
    public long ContentLength { get; private set; }

    /// <summary>Whether the body is chunked.</summary>
    public bool Chunked { get; private set; }

    /// <summary>Whether Roll's engine closes the connection after this response (<c>Connection: close</c>).</summary>
    public bool ConnectionClose { get; private set; }

    /// <summary>Parses a whole head, status line to the empty line included.</summary>
    public void Parse(ReadOnlySpan<byte> head)
    {
        Headers.Clear();
        ContentLength = -1;
        Chunked = false;
        ConnectionClose = false;
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = head[..lineEnd];
        // RFC 9112 §4: HTTP-version SP status-code SP [ reason-phrase ].
        if (statusLine.Length < 12 || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var digits) || digits != 3)
        {
            throw new InvalidDataException($"Roll's engine wrote an invalid status line '{Encoding.ASCII.GetString(statusLine)}'.");
        }
        Status = status;
        Reason = statusLine.Length > 13 ? Encoding.ASCII.GetString(statusLine[13..]) : string.Empty;
        var rest = head[(lineEnd + 2)..];
        while ((lineEnd = rest.IndexOf("\r\n"u8)) > 0)
        {
            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            var name = NameOf(line[..colon]);
            var valueBytes = line[(colon + 1)..].Trim(" \t"u8);
            var value = name == "Date" ? DateOf(valueBytes) : Encoding.UTF8.GetString(valueBytes);
            if (name == "Content-Length")
            {
                ContentLength = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name == "Transfer-Encoding")
            {
                Chunked = value.EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Length == 10 && name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                // The engine's own, or a handler's that asks to close.
                ConnectionClose |= value.Contains("close", StringComparison.OrdinalIgnoreCase);
            }
            Headers.Add(new(name, value));
        }
    }

    /// <summary>Finds the end of a head in what Roll wrote so far.</summary>
    public static bool TryFindEnd(ReadOnlySequence<byte> buffer, out SequencePosition end)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8))
        {
            end = reader.Position;
            return true;
        }
        end = default;
        return false;
    }

    private static string NameOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < s_commonNameBytes.Length; i++)
        {
            if (name.SequenceEqual(s_commonNameBytes[i]))
            {
                return s_commonNames[i];
            }
        }
        return Encoding.ASCII.GetString(name);
    }

    /// <summary>The Date header changes once a second: its text is made once for all the responses of that second.</summary>
    private string DateOf(ReadOnlySpan<byte> value)
    {
        if (!value.SequenceEqual(_lastDate))
        {
            _lastDate = value.ToArray();
            _lastDateText = Encoding.ASCII.GetString(value);
        }
        return _lastDateText;
    }
}
