using System.Buffers;
using System.Net;

namespace Roll.Server;

/// <summary>The parser's checks of a head still arriving: what can be judged of it before its end comes.</summary>
internal static partial class HttpParser
{
    /// <summary>Parses what has come of a head that is not complete yet, so that a malformed head is refused when its bad byte arrives, not when (if ever) its end does.</summary>
    /// <remarks>
    /// The complete lines are parsed as <see cref="Parse"/> does, the line still coming as far as it goes. This runs
    /// only while a head is split across reads; the whole head is parsed again once complete, from a reset head.
    /// </remarks>
    public static void ParseIncomplete(RequestHead head, ReadOnlySpan<byte> input, ServerLimits limits)
    {
        head.Reset(0);
        var buffer = input.Slice(SkipEmptyLines(input));
        if (buffer.IndexOf((byte)'\n') < 0)
        {
            if (buffer.StartsWith("HEAD "u8))
            {
                // A refusal of this head (414, 408) has no body if it is a HEAD's (RFC 9110 §9.3.2).
                head.Method = "HEAD";
            }
            CheckRequestLineStart(buffer);
            return;
        }
        var pos = ParseRequestLine(head, buffer, limits);
        pos = ParseHeaderLines(head, buffer, pos, limits);
        CheckHeaderLineStart(buffer.Slice(pos));
    }

    /// <summary>Whether the input holds the start of a request, not only the empty lines allowed before one.</summary>
    public static bool HasStartedHead(ReadOnlySequence<byte> input)
    {
        var reader = new SequenceReader<byte>(input);
        while (reader.IsNext("\r\n"u8, advancePast: true))
        {
        }
        return reader.Remaining > 1 || (reader.Remaining == 1 && !reader.IsNext((byte)'\r'));
    }

    /// <summary>Checks the start of a request line whose end has not come: the method, target and version as far as they go.</summary>
    private static void CheckRequestLineStart(ReadOnlySpan<byte> line)
    {
        line = WithoutPendingCr(line, "Bare CR in request line");
        var sp = line.IndexOf((byte)' ');
        var method = sp < 0 ? line : line.Slice(0, sp);
        if (sp == 0 || method.IndexOfAnyExcept(s_tchar) >= 0)
        {
            Throw("Invalid method");
        }
        if (sp < 0)
        {
            return;
        }
        var rest = line.Slice(sp + 1);
        var sp2 = rest.IndexOf((byte)' ');
        var target = sp2 < 0 ? rest : rest.Slice(0, sp2);
        if (sp2 == 0)
        {
            Throw("Empty request target");
        }
        if (target.IndexOfAnyInRange((byte)0, (byte)0x20) >= 0 || target.IndexOfAnyInRange((byte)0x7F, (byte)0xFF) >= 0)
        {
            Throw("Invalid character in request target");
        }
        if (sp2 < 0)
        {
            return;
        }
        var version = rest.Slice(sp2 + 1);
        ReadOnlySpan<byte> pattern = "HTTP/1.1"u8;
        for (var i = 0; i < version.Length; i++)
        {
            var valid = i switch
            {
                5 or 7 => char.IsAsciiDigit((char)version[i]),
                < 8 => version[i] == pattern[i],
                _ => false,
            };
            if (!valid)
            {
                Throw("Invalid HTTP version");
            }
        }
        if ((version.Length > 5 && version[5] != '1') || (version.Length > 7 && version[7] > '1'))
        {
            Throw(HttpStatusCode.HttpVersionNotSupported, "HTTP version not supported");
        }
    }

    /// <summary>Checks the start of a header line whose end has not come: no folding, a token for a name, no control in the value.</summary>
    private static void CheckHeaderLineStart(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return;
        }
        if (line[0] == ' ' || line[0] == '\t')
        {
            // RFC 9112 §5.2 (obs-fold) and §2.2 (whitespace after the start-line): refused, as in a complete head.
            Throw("Obsolete line folding in headers");
        }
        line = WithoutPendingCr(line, "Bare CR in headers");
        var colon = line.IndexOf((byte)':');
        var name = colon < 0 ? line : line.Slice(0, colon);
        if (colon == 0 || name.IndexOfAnyExcept(s_tchar) >= 0)
        {
            Throw("Invalid header name");
        }
        if (colon > 0)
        {
            foreach (var b in line.Slice(colon + 1))
            {
                if ((b < 0x20 && b != '\t') || b == 0x7F)
                {
                    Throw("Invalid character in header value");
                }
            }
        }
    }

    /// <summary>Drops a CR that ends the input (its LF may be on the way); a CR anywhere else is bare (RFC 9112 §2.2).</summary>
    private static ReadOnlySpan<byte> WithoutPendingCr(ReadOnlySpan<byte> line, string message)
    {
        var cr = line.IndexOf((byte)'\r');
        if (cr >= 0 && cr < line.Length - 1)
        {
            Throw(message);
        }
        return cr < 0 ? line : line.Slice(0, cr);
    }
}
