using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace Roll.Testing;

/// <summary>Reads one HTTP/1.1 response from raw bytes: status line, headers, then the body as its framing says (RFC 9112 §6.3).</summary>
/// <remarks>Shared by both clients, so that a response parses the same in memory and over a socket.</remarks>
internal static class ResponseParser
{
    private static readonly byte[] s_headEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] s_lineEnd = "\r\n"u8.ToArray();

    /// <summary>Reads the next final response, skipping interim 1xx ones; null when the connection ended before any byte of it.</summary>
    /// <param name="input">The bytes the server writes.</param>
    /// <param name="isHead">Whether the request was HEAD, whose response never has a body.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public static async Task<TestResponse?> ReadAsync(PipeReader input, bool isHead, CancellationToken cancellationToken)
    {
        while (true)
        {
            var head = await ReadUntilAsync(input, s_headEnd, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return null;
            }
            var raw = Encoding.UTF8.GetString(head);
            var (version, status, reason, headers) = ParseHead(raw);
            // RFC 9110 §15.2: 100 Continue and 103 Early Hints come before the final response; 101 is final.
            if (status is >= 100 and < 200 && status != 101)
            {
                continue;
            }
            var closes = status == 101 || ClosesConnection(version, headers["Connection"]);
            byte[] body;
            var chunked = false;
            if (isHead || status is < 200 or 204 or 304)
            {
                body = [];
            }
            else if (IsChunked(headers.GetValues("Transfer-Encoding")))
            {
                chunked = true;
                body = await ReadChunkedAsync(input, cancellationToken).ConfigureAwait(false);
            }
            else if (headers["Content-Length"] is { } contentLength)
            {
                if (!long.TryParse(contentLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                {
                    throw new InvalidDataException($"Invalid Content-Length '{contentLength}' in the response.");
                }
                body = await ReadExactlyAsync(input, length, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // No framing: the body ends when the connection does.
                body = await ReadToEndAsync(input, cancellationToken).ConfigureAwait(false);
                closes = true;
            }
            return new TestResponse(version, status, reason, headers, body, chunked, raw, closes);
        }
    }

    /// <summary>Reads everything until the server ends the connection.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                var all = result.Buffer.ToArray();
                input.AdvanceTo(result.Buffer.End);
                return all;
            }
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static (string Version, int Status, string Reason, TestHeaders Headers) ParseHead(string raw)
    {
        var lines = raw.Split("\r\n");
        // RFC 9112 §4: HTTP-version SP status-code SP [ reason-phrase ].
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || statusLine[1].Length != 3 || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"Invalid status line '{lines[0]}'.");
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.AsSpan(1))
        {
            if (line.Length == 0)
            {
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new InvalidDataException($"Invalid header line '{line}'.");
            }
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }
        return (statusLine[0], status, statusLine.Length > 2 ? statusLine[2] : string.Empty, new TestHeaders(headers));
    }

    private static bool ClosesConnection(string version, string? connection)
    {
        var options = connection?.Split(',', StringSplitOptions.TrimEntries) ?? [];
        if (options.Contains("close", StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        return version == "HTTP/1.0" && !options.Contains("keep-alive", StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsChunked(IReadOnlyList<string> transferEncodings)
    {
        // RFC 9112 §6.3: chunked framing applies when chunked is the final coding.
        var last = transferEncodings.Count == 0 ? null : transferEncodings[^1].Split(',', StringSplitOptions.TrimEntries)[^1];
        return "chunked".Equals(last, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<byte[]> ReadChunkedAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            // RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF chunk-data CRLF, ending with a zero size and the trailers.
            var line = await ReadLineAsync(input, cancellationToken).ConfigureAwait(false);
            var sizeText = line.Split(';', 2)[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"Invalid chunk size line '{line}'.");
            }
            if (size == 0)
            {
                while ((await ReadLineAsync(input, cancellationToken).ConfigureAwait(false)).Length > 0)
                {
                }
                return body.ToArray();
            }
            body.Write(await ReadExactlyAsync(input, size, cancellationToken).ConfigureAwait(false));
            if ((await ReadLineAsync(input, cancellationToken).ConfigureAwait(false)).Length > 0)
            {
                throw new InvalidDataException("A chunk is longer than its size says.");
            }
        }
    }

    private static async Task<string> ReadLineAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var line = await ReadUntilAsync(input, s_lineEnd, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("The connection ended in the middle of a chunked body.");
        return Encoding.ASCII.GetString(line, 0, line.Length - 2);
    }

    /// <summary>Reads up to and including a delimiter; null when the connection ended before any byte.</summary>
    private static async Task<byte[]?> ReadUntilAsync(PipeReader input, byte[] delimiter, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryFind(buffer, delimiter, out var end))
            {
                var bytes = buffer.Slice(0, end).ToArray();
                input.AdvanceTo(end);
                return bytes;
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return buffer.IsEmpty ? null : throw new InvalidDataException(
                    $"The connection ended in the middle of a response: '{Encoding.UTF8.GetString(buffer.ToArray())}'.");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryFind(ReadOnlySequence<byte> buffer, byte[] delimiter, out SequencePosition end)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, delimiter, advancePastDelimiter: true))
        {
            end = reader.Position;
            return true;
        }
        end = default;
        return false;
    }

    private static async Task<byte[]> ReadExactlyAsync(PipeReader input, long length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            // Nothing to wait for: a read would block until the next response.
            return [];
        }
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= length)
            {
                var bytes = buffer.Slice(0, length).ToArray();
                input.AdvanceTo(buffer.GetPosition(length));
                return bytes;
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                throw new InvalidDataException($"The connection ended after {buffer.Length} of {length} body bytes.");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
