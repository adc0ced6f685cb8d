using System.Globalization;
using System.Text;

namespace Roll.Tests.Server;

/// <summary>One response as the engine wrote it, parsed strictly so that a framing mistake of the engine fails the test.</summary>
internal sealed class RawResponse
{
    private RawResponse(string statusLine, int status, List<KeyValuePair<string, string>> headers, byte[] body, string raw)
    {
        StatusLine = statusLine;
        Status = status;
        Headers = headers;
        Body = body;
        Raw = raw;
    }

    public string StatusLine { get; }

    public int Status { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body, de-chunked when it was sent chunked.</summary>
    public byte[] Body { get; }

    /// <summary>The whole response as sent, for failure messages and framing checks.</summary>
    public string Raw { get; }

    public string Text => Encoding.UTF8.GetString(Body);

    public bool IsChunked => Header("Transfer-Encoding")?.Equals("chunked", StringComparison.OrdinalIgnoreCase) == true;

    public bool AsksToClose => Header("Connection")?.Equals("close", StringComparison.OrdinalIgnoreCase) == true;

    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToArray();
        return values.Length == 0 ? null : string.Join(", ", values);
    }

    public int HeaderCount(string name) => Headers.Count(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Raw;

    /// <summary>Parses the response at the start of <paramref name="data"/>; false when more bytes are needed.</summary>
    /// <param name="data">The bytes received and not parsed yet.</param>
    /// <param name="answersHead">Whether the response answers a HEAD request (so it has no body whatever its headers say).</param>
    /// <param name="closed">Whether the server closed the connection (so a body without framing ends here).</param>
    /// <param name="response">The response parsed.</param>
    /// <param name="length">How many bytes the response took.</param>
    public static bool TryParse(ReadOnlySpan<byte> data, bool answersHead, bool closed, out RawResponse? response, out int length)
    {
        response = null;
        length = 0;
        var headEnd = data.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return false;
        }
        var head = Encoding.Latin1.GetString(data[..headEnd]);
        var lines = head.Split("\r\n");
        var statusLine = lines[0];
        if (!statusLine.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || statusLine.Length < 13 || statusLine[12] != ' '
            || !int.TryParse(statusLine.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"Not a status line: '{statusLine}' in:\n{head}");
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[colon - 1] == ' ' || line.Contains('\r') || line.Contains('\n'))
            {
                throw new InvalidDataException($"Not a header line: '{line}' in:\n{head}");
            }
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }
        var bodyStart = headEnd + 4;
        var partial = new RawResponse(statusLine, status, headers, [], head);
        byte[] body;
        int end;
        if (answersHead || status < 200 || status == 204 || status == 304)
        {
            body = [];
            end = bodyStart;
        }
        else if (partial.IsChunked)
        {
            if (!TryReadChunks(data, bodyStart, out body, out end))
            {
                return false;
            }
        }
        else if (partial.Header("Content-Length") is { } contentLength)
        {
            var count = int.Parse(contentLength, NumberStyles.None, CultureInfo.InvariantCulture);
            if (data.Length - bodyStart < count)
            {
                return false;
            }
            body = data.Slice(bodyStart, count).ToArray();
            end = bodyStart + count;
        }
        else
        {
            // No framing: the body runs to the end of the connection (RFC 9112 §6.3, last rule).
            if (!closed)
            {
                return false;
            }
            body = data[bodyStart..].ToArray();
            end = data.Length;
        }
        length = end;
        response = new RawResponse(statusLine, status, headers, body, Encoding.Latin1.GetString(data[..end]));
        return true;
    }

    private static bool TryReadChunks(ReadOnlySpan<byte> data, int start, out byte[] body, out int end)
    {
        var content = new List<byte>();
        var pos = start;
        body = [];
        end = 0;
        while (true)
        {
            var lineEnd = data[pos..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }
            var sizeText = Encoding.ASCII.GetString(data.Slice(pos, lineEnd));
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"Not a chunk size: '{sizeText}'");
            }
            pos += lineEnd + 2;
            if (size == 0)
            {
                // The engine sends no trailers: the last chunk is followed by the empty line at once.
                if (data.Length - pos < 2)
                {
                    return false;
                }
                if (!data.Slice(pos, 2).SequenceEqual("\r\n"u8))
                {
                    throw new InvalidDataException("The last chunk is not followed by an empty line.");
                }
                body = content.ToArray();
                end = pos + 2;
                return true;
            }
            if (data.Length - pos < size + 2)
            {
                return false;
            }
            content.AddRange(data.Slice(pos, size));
            if (!data.Slice(pos + size, 2).SequenceEqual("\r\n"u8))
            {
                throw new InvalidDataException("Chunk data is not followed by CRLF.");
            }
            pos += size + 2;
        }
    }
}
