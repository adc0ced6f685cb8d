using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace Roll.Server;

/// <summary>The strict HTTP/1.1 request-head parser (RFC 9112): finds a head in the input, then parses it in place.</summary>
/// <remarks>
/// Anything the RFC calls invalid is an <see cref="HttpError"/> (400 unless a more precise status exists), after
/// which the engine answers and closes the connection. No strings are made here but the method (interned for the
/// standard ones) and the decoded path (reused while a connection repeats it).
/// </remarks>
internal static partial class HttpParser
{
    private static readonly SearchValues<byte> s_tchar = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>The characters of a token (RFC 9110 §5.6.2).</summary>
    public static SearchValues<byte> TokenChars => s_tchar;

    /// <summary>Finds the end of a request head (the empty line), skipping empty lines before the request line (RFC 9112 §2.2).</summary>
    /// <returns>The head's length from <paramref name="start"/>, or -1 when the head is not complete yet.</returns>
    public static int FindHeadEnd(ReadOnlySpan<byte> input, out int start)
    {
        start = SkipEmptyLines(input);
        var pos = start;
        var firstLine = true;
        while (true)
        {
            var lf = input.Slice(pos).IndexOf((byte)'\n');
            if (lf < 0)
            {
                return -1;
            }
            var empty = lf == 0 || (lf == 1 && input[pos] == '\r');
            pos += lf + 1;
            if (empty && !firstLine)
            {
                return pos - start;
            }
            firstLine = false;
        }
    }

    /// <summary>Finds the end of a request head in input held in several segments, as the span overload does, without copying the input.</summary>
    /// <returns>The head's length from <paramref name="start"/>, or -1 when the head is not complete yet.</returns>
    public static long FindHeadEnd(in ReadOnlySequence<byte> input, out long start)
    {
        if (input.IsSingleSegment)
        {
            var found = FindHeadEnd(input.FirstSpan, out var first);
            start = first;
            return found;
        }
        var reader = new SequenceReader<byte>(input);
        while (reader.IsNext("\r\n"u8, advancePast: true))
        {
        }
        start = reader.Consumed;
        var firstLine = true;
        Span<byte> last = stackalloc byte[1];
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            var empty = line.IsEmpty;
            if (line.Length == 1)
            {
                line.CopyTo(last);
                empty = last[0] == '\r';
            }
            if (empty && !firstLine)
            {
                return reader.Consumed - start;
            }
            firstLine = false;
        }
        return -1;
    }

    /// <summary>Parses the head held in <c>head.Buffer[0..head.Length]</c>.</summary>
    public static void Parse(RequestHead head, ServerLimits limits)
    {
        var buffer = head.Buffer.AsSpan(0, head.Length);
        var pos = ParseRequestLine(head, buffer, limits);
        var headerBytes = buffer.Length - pos;
        if (headerBytes > limits.MaxRequestHeadersTotalSize)
        {
            Throw(HttpStatusCode.RequestHeaderFieldsTooLarge, "Request headers too large");
        }
        pos = ParseHeaderLines(head, buffer, pos, limits);
        Debug.Assert(pos == buffer.Length, "The head was found complete.");
        CheckFraming(head, limits);
    }

    private static int SkipEmptyLines(ReadOnlySpan<byte> input)
    {
        var start = 0;
        while (start + 1 < input.Length && input[start] == '\r' && input[start + 1] == '\n')
        {
            start += 2;
        }
        return start;
    }

    /// <summary>Parses the header lines from <paramref name="pos"/>; returns where it stopped: past the empty line, or at the start of a line not complete yet.</summary>
    private static int ParseHeaderLines(RequestHead head, ReadOnlySpan<byte> buffer, int pos, ServerLimits limits)
    {
        while (true)
        {
            var line = buffer.Slice(pos);
            var lf = line.IndexOf((byte)'\n');
            if (lf < 0)
            {
                return pos;
            }
            if (lf == 0 || line[lf - 1] != '\r')
            {
                Throw("Bare LF in headers");
            }
            if (lf == 1)
            {
                return pos + 2;
            }
            ParseHeaderLine(head, line.Slice(0, lf - 1), pos);
            if (head.Headers.Count > limits.MaxRequestHeaderCount)
            {
                Throw(HttpStatusCode.RequestHeaderFieldsTooLarge, "Too many request headers");
            }
            pos += lf + 1;
        }
    }

    private static int ParseRequestLine(RequestHead head, ReadOnlySpan<byte> buffer, ServerLimits limits)
    {
        var lf = buffer.IndexOf((byte)'\n');
        if (lf == 0 || buffer[lf - 1] != '\r')
        {
            Throw("Bare LF in request line");
        }
        var line = buffer.Slice(0, lf - 1);

        // RFC 9112 §3: method SP request-target SP HTTP-version, single spaces.
        var sp = line.IndexOf((byte)' ');
        if (sp <= 0)
        {
            Throw("Invalid request line");
        }
        var method = line.Slice(0, sp);
        if (method.IndexOfAnyExcept(s_tchar) >= 0)
        {
            Throw("Invalid method");
        }
        head.Method = KnownMethod(method) ?? Encoding.ASCII.GetString(method);

        var rest = line.Slice(sp + 1);
        var sp2 = rest.IndexOf((byte)' ');
        if (sp2 < 0)
        {
            Throw(rest.Length > limits.MaxRequestTargetSize ? HttpStatusCode.RequestUriTooLong : HttpStatusCode.BadRequest, "Invalid request line");
        }
        var target = rest.Slice(0, sp2);
        if (target.Length > limits.MaxRequestTargetSize)
        {
            Throw(HttpStatusCode.RequestUriTooLong, "Request target too long");
        }
        if (target.Length == 0)
        {
            Throw("Empty request target");
        }
        ParseVersion(head, rest.Slice(sp2 + 1));
        head.TargetStart = sp + 1;
        head.TargetLength = target.Length;
        ParseTarget(head, target, sp + 1);
        return lf + 1;
    }

    private static void ParseVersion(RequestHead head, ReadOnlySpan<byte> version)
    {
        if (version.Length != 8 || !version.StartsWith("HTTP/"u8) || !char.IsAsciiDigit((char)version[5])
            || version[6] != '.' || !char.IsAsciiDigit((char)version[7]))
        {
            Throw("Invalid HTTP version");
        }
        if (version[5] != '1' || version[7] > '1')
        {
            Throw(HttpStatusCode.HttpVersionNotSupported, "HTTP version not supported");
        }
        head.IsHttp11 = version[7] == '1';
    }

    private static void ParseHeaderLine(RequestHead head, ReadOnlySpan<byte> line, int offset)
    {
        if (ReadFieldLine(line, out var colon, out var valueStart, out var valueLength) is { } error)
        {
            Throw(error);
        }
        head.Headers.Add(offset, colon, offset + valueStart, valueLength);
        ReadFramingHeader(head, line.Slice(0, colon), line.Slice(valueStart, valueLength));
    }

    /// <summary>Checks a field line, header or trailer (RFC 9112 §5), and finds its value without the whitespace around it.</summary>
    /// <returns>What is wrong with the line, or null when it is valid.</returns>
    public static string? ReadFieldLine(ReadOnlySpan<byte> line, out int colon, out int valueStart, out int valueLength)
    {
        valueStart = 0;
        valueLength = 0;
        colon = line.IndexOf((byte)':');
        if (line[0] == ' ' || line[0] == '\t')
        {
            // RFC 9112 §5.2: obs-fold is refused in requests.
            return "Obsolete line folding in headers";
        }
        if (colon <= 0)
        {
            return "Invalid header line";
        }
        if (line.Slice(0, colon).IndexOfAnyExcept(s_tchar) >= 0)
        {
            // Covers whitespace before the colon too (RFC 9112 §5.1).
            return "Invalid header name";
        }
        valueStart = colon + 1;
        var valueEnd = line.Length;
        while (valueStart < valueEnd && (line[valueStart] == ' ' || line[valueStart] == '\t'))
        {
            valueStart++;
        }
        while (valueEnd > valueStart && (line[valueEnd - 1] == ' ' || line[valueEnd - 1] == '\t'))
        {
            valueEnd--;
        }
        valueLength = valueEnd - valueStart;
        foreach (var b in line.Slice(valueStart, valueLength))
        {
            // RFC 9110 §5.5: field-vchar, SP, HTAB and obs-text; CR, LF, NUL and other controls are refused.
            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                return "Invalid character in header value";
            }
        }
        return null;
    }

    private static void ReadFramingHeader(RequestHead head, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "Host"u8):
                // RFC 9112 §3.2: a Host that is not uri-host [ ":" port ] is a 400, even beside an absolute-form target.
                if (!IsValidHost(value))
                {
                    Throw("Invalid Host header");
                }
                head.HostCount++;
                head.HostEmpty = value.IsEmpty;
                if (head.AuthorityLength > 0)
                {
                    // RFC 9112 §3.2.2: with an absolute-form target the Host header is ignored; the target's authority is the host.
                    head.Headers.SetLastValue(head.AuthorityStart, head.AuthorityLength);
                }
                break;
            case 6 when Ascii.EqualsIgnoreCase(name, "Expect"u8):
                if (!Ascii.EqualsIgnoreCase(value, "100-continue"u8))
                {
                    Throw(HttpStatusCode.ExpectationFailed, "Unsupported expectation");
                }
                head.ExpectContinue = true;
                break;
            case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                ReadConnectionOptions(head, value);
                break;
            case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
                if (head.ContentLength >= 0)
                {
                    Throw("Duplicate Content-Length");
                }
                long length = -1;
                if (value.IsEmpty || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
                    || !Utf8Parser.TryParse(value, out length, out var consumed) || consumed != value.Length)
                {
                    Throw("Invalid Content-Length");
                }
                head.ContentLength = length;
                break;
            case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
                ReadTransferCodings(head, value);
                break;
        }
    }

    private static void ReadConnectionOptions(RequestHead head, ReadOnlySpan<byte> value)
    {
        foreach (var range in value.Split((byte)','))
        {
            var option = value[range].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(option, "close"u8))
            {
                head.ConnectionClose = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "keep-alive"u8))
            {
                head.KeepAlive = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "upgrade"u8))
            {
                head.ConnectionUpgrade = true;
            }
        }
    }

    /// <summary>Reads one Transfer-Encoding line; several lines make one list of codings (RFC 9110 §5.3), judged in <see cref="CheckFraming"/>.</summary>
    private static void ReadTransferCodings(RequestHead head, ReadOnlySpan<byte> value)
    {
        head.HasTransferEncoding = true;
        foreach (var range in value.Split((byte)','))
        {
            var coding = value[range].Trim(" \t"u8);
            if (coding.IsEmpty)
            {
                continue;
            }
            if (head.Chunked)
            {
                // RFC 9112 §6.1: chunked is applied once, and last; anything after it hides the body's end.
                Throw("Transfer-Encoding must end with chunked, once");
            }
            if (Ascii.EqualsIgnoreCase(coding, "chunked"u8))
            {
                head.Chunked = true;
            }
            else
            {
                head.OtherTransferCoding = true;
            }
        }
    }

    private static void CheckFraming(RequestHead head, ServerLimits limits)
    {
        if (head.HasTransferEncoding)
        {
            if (head.ContentLength >= 0)
            {
                // RFC 9112 §6.3: both is a sign of request smuggling; refuse rather than pick one.
                Throw("Both Transfer-Encoding and Content-Length");
            }
            if (!head.IsHttp11)
            {
                Throw("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (!head.Chunked)
            {
                // RFC 9112 §6.3: without chunked last the body's length cannot be known: 400, and close.
                Throw("Transfer-Encoding must end with chunked");
            }
            if (head.OtherTransferCoding)
            {
                // RFC 9112 §6.1: a transfer coding the server does not understand is a 501.
                Throw(HttpStatusCode.NotImplemented, "Unsupported transfer coding");
            }
        }
        if (head.HostCount > 1 || (head.HostCount == 0 && head.IsHttp11 && limits.RequireHostHeader))
        {
            Throw("A request needs exactly one Host header");
        }
        if (head.HostEmpty && head.IsHttp11 && limits.RequireHostHeader)
        {
            // RFC 9112 §3.2: an empty Host is only for a target URI without an authority, which http(s) URIs always have.
            Throw("Empty Host header");
        }
    }

    private static string? KnownMethod(ReadOnlySpan<byte> method) => method.Length switch
    {
        3 when method.SequenceEqual("GET"u8) => "GET",
        3 when method.SequenceEqual("PUT"u8) => "PUT",
        4 when method.SequenceEqual("POST"u8) => "POST",
        4 when method.SequenceEqual("HEAD"u8) => "HEAD",
        5 when method.SequenceEqual("PATCH"u8) => "PATCH",
        5 when method.SequenceEqual("TRACE"u8) => "TRACE",
        6 when method.SequenceEqual("DELETE"u8) => "DELETE",
        7 when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        7 when method.SequenceEqual("CONNECT"u8) => "CONNECT",
        _ => null,
    };

    [DoesNotReturn, StackTraceHidden]
    private static void Throw(string message) => throw new HttpError(HttpStatusCode.BadRequest, message);

    [DoesNotReturn, StackTraceHidden]
    private static void Throw(HttpStatusCode status, string message) => throw new HttpError(status, message);
}
