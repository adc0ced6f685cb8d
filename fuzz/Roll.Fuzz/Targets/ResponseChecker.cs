using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Roll.Fuzz;

/// <summary>Checks everything the engine wrote on one connection: valid HTTP/1.1 responses, framed as their headers say, one per request, and nothing after a close.</summary>
/// <remarks>
/// The checker knows the requests only as the app saw them (their methods, in order), so that it never has to
/// parse the fuzzed input itself: the n-th final response answers the n-th request the app handled, and an answer
/// beyond those is the engine refusing a request it could not read, which must close the connection.
/// </remarks>
internal static class ResponseChecker
{
    private static readonly SearchValues<byte> s_tokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Throws <see cref="FuzzFinding"/> when the output breaks an invariant.</summary>
    /// <param name="output">Everything the engine wrote, until it completed its side.</param>
    /// <param name="methods">The methods of the requests the app handled, in order.</param>
    /// <param name="closedFirst">Whether the engine closed the connection while the client was still sending (so it decided to close, and must have said so).</param>
    public static void Check(ReadOnlySpan<byte> output, IReadOnlyList<string> methods, bool closedFirst)
    {
        var pos = 0;
        var answered = 0;
        var closeAnnounced = false;
        var lastWasFinal = false;
        while (pos < output.Length)
        {
            if (closeAnnounced)
            {
                Fail("Bytes were written after a response that said Connection: close", output, pos);
            }
            var headLength = output[pos..].IndexOf("\r\n\r\n"u8);
            if (headLength < 0)
            {
                Fail("The output ends inside a response head", output, pos);
            }
            var head = output.Slice(pos, headLength + 2);
            var bodyStart = pos + headLength + 4;
            var status = ReadStatusLine(head, output, pos, out var firstLineEnd);
            var framing = ReadHeaders(head[firstLineEnd..], output, pos);
            if (status < 200)
            {
                // The engine's only interim answer is 100 Continue, alone (RFC 9110 §15.2: no content, no framing).
                if (status != 100 || framing.HeaderCount != 0)
                {
                    Fail($"An interim response other than a bare 100 Continue", output, pos);
                }
                if (answered >= methods.Count)
                {
                    Fail("A 100 Continue for no request the app was handling", output, pos);
                }
                pos = bodyStart;
                lastWasFinal = false;
                continue;
            }
            var engineRefusal = answered >= methods.Count;
            var answersHead = !engineRefusal && methods[answered] == "HEAD";
            if (engineRefusal && !framing.Close)
            {
                Fail("An answer to a request the app never saw (a refused head) that does not close the connection", output, pos);
            }
            if (framing.ContentLength >= 0 && framing.Chunked)
            {
                Fail("Both Content-Length and Transfer-Encoding: chunked", output, pos);
            }
            if (status == 204 && (framing.ContentLength >= 0 || framing.TransferEncoding))
            {
                Fail("A 204 with framing headers (RFC 9110 §8.6, RFC 9112 §6.1)", output, pos);
            }
            if (framing.TransferEncoding && !framing.Chunked)
            {
                Fail("A Transfer-Encoding other than chunked", output, pos);
            }
            if (status == 204 || status == 304 || answersHead)
            {
                pos = bodyStart;
            }
            else if (framing.Chunked)
            {
                pos = SkipChunks(output, bodyStart, pos);
            }
            else if (engineRefusal && bodyStart == output.Length)
            {
                // The refusal of a HEAD request has no body, whatever its Content-Length (and it is the last answer).
                pos = bodyStart;
            }
            else if (framing.ContentLength >= 0)
            {
                if (output.Length - bodyStart < framing.ContentLength)
                {
                    Fail($"The body is shorter than its Content-Length of {framing.ContentLength}", output, pos);
                }
                pos = bodyStart + (int)framing.ContentLength;
            }
            else
            {
                // A body delimited by the end of the connection (RFC 9112 §6.3): only where chunked is unknown (HTTP/1.0), and closing.
                if (!framing.Close)
                {
                    Fail("A response without framing that does not close the connection", output, pos);
                }
                pos = output.Length;
            }
            closeAnnounced = framing.Close;
            lastWasFinal = true;
            if (!engineRefusal)
            {
                answered++;
            }
        }
        if (answered < methods.Count)
        {
            Fail($"The app handled {methods.Count} requests and {answered} got an answer", output, output.Length);
        }
        if (closedFirst && (!lastWasFinal || !closeAnnounced))
        {
            Fail("The engine closed the connection while the client was still sending, without a final response saying Connection: close", output, output.Length);
        }
    }

    private static int ReadStatusLine(ReadOnlySpan<byte> head, ReadOnlySpan<byte> output, int pos, out int lineEnd)
    {
        // RFC 9112 §4: HTTP-version SP 3DIGIT SP [ reason-phrase ] CRLF.
        lineEnd = head.IndexOf("\r\n"u8) + 2;
        var line = head[..(lineEnd - 2)];
        var status = 0;
        if (line.Length < 13 || !line.StartsWith("HTTP/1.1 "u8) || line[12] != ' '
            || !Utf8Parser.TryParse(line.Slice(9, 3), out status, out var consumed) || consumed != 3
            || status < 100 || status > 599 || line[9..12].ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            Fail("Not a status line", output, pos);
        }
        foreach (var b in line[13..])
        {
            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                Fail("A control character in the reason phrase", output, pos);
            }
        }
        return status;
    }

    private static Framing ReadHeaders(ReadOnlySpan<byte> lines, ReadOnlySpan<byte> output, int pos)
    {
        var framing = new Framing { ContentLength = -1 };
        while (!lines.IsEmpty)
        {
            var end = lines.IndexOf("\r\n"u8);
            var line = lines[..end];
            lines = lines[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAnyExcept(s_tokenChars))
            {
                Fail($"Not a header line: '{Encoding.Latin1.GetString(line)}'", output, pos);
            }
            var value = line[(colon + 1)..].Trim(" \t"u8);
            foreach (var b in value)
            {
                if ((b < 0x20 && b != '\t') || b == 0x7F)
                {
                    Fail("A control character in a header value", output, pos);
                }
            }
            framing.HeaderCount++;
            var name = line[..colon];
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                long length = -1;
                if (framing.ContentLength >= 0 || value.IsEmpty || value.ContainsAnyExceptInRange((byte)'0', (byte)'9')
                    || !Utf8Parser.TryParse(value, out length, out _) || length > int.MaxValue)
                {
                    Fail("A repeated or invalid Content-Length", output, pos);
                }
                framing.ContentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                if (framing.TransferEncoding)
                {
                    Fail("A repeated Transfer-Encoding", output, pos);
                }
                framing.TransferEncoding = true;
                framing.Chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                foreach (var range in value.Split((byte)','))
                {
                    framing.Close |= Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), "close"u8);
                }
            }
        }
        return framing;
    }

    /// <summary>Skips a chunked body as the engine writes it: hex sizes without extensions, no trailers.</summary>
    private static int SkipChunks(ReadOnlySpan<byte> output, int at, int pos)
    {
        while (true)
        {
            var lineEnd = output[at..].IndexOf("\r\n"u8);
            var size = -1;
            if (lineEnd <= 0 || lineEnd > 8 || output.Slice(at, lineEnd).ContainsAnyExcept("0123456789abcdefABCDEF"u8)
                || !Utf8Parser.TryParse(output.Slice(at, lineEnd), out size, out _, 'x') || size < 0)
            {
                Fail("Not a chunk size line", output, pos);
            }
            at += lineEnd + 2;
            if (output.Length - at < size + 2 || !output.Slice(at + size, 2).SequenceEqual("\r\n"u8))
            {
                Fail($"A chunk of {size} bytes not followed by CRLF", output, pos);
            }
            at += size + 2;
            if (size == 0)
            {
                if (lineEnd != 1)
                {
                    Fail("A last chunk written with leading zeros", output, pos);
                }
                return at;
            }
        }
    }

    [DoesNotReturn]
    private static void Fail(string what, ReadOnlySpan<byte> output, int pos)
    {
        throw new FuzzFinding($"{what}, at byte {pos} of the output:\n{Render(output)}");
    }

    /// <summary>The bytes as readable text: controls other than CR LF escaped, at most 4 KB.</summary>
    public static string Render(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, 4096)])
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n\n",
                < 0x20 or >= 0x7F => $"\\x{b:X2}",
                _ => ((char)b).ToString(),
            });
        }
        if (bytes.Length > 4096)
        {
            text.Append($"... ({bytes.Length} bytes)");
        }
        return text.ToString();
    }

    private struct Framing
    {
        public long ContentLength;
        public bool TransferEncoding;
        public bool Chunked;
        public bool Close;
        public int HeaderCount;
    }
}
