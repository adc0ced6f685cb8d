using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Unicode;

namespace Roll.Server;

/// <summary>The parser's reading of the request target (RFC 9112 §3.2): its form, path and query.</summary>
internal static partial class HttpParser
{
    // RFC 3986 §3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ).
    private static readonly SearchValues<byte> s_regNameChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;="u8);

    private static readonly SearchValues<byte> s_ipLiteralChars = SearchValues.Create("0123456789ABCDEFabcdef:."u8);

    private static void ParseTarget(RequestHead head, ReadOnlySpan<byte> target, int offset)
    {
        // RFC 9112 §3.2: visible ASCII only; anything else (controls, spaces, raw non-ASCII) is not a target.
        // No form of the target has a fragment (RFC 9112 §3.2, RFC 3986 §4.1): a '#' is one sent by mistake.
        foreach (var b in target)
        {
            if (b <= 0x20 || b >= 0x7F || b == '#')
            {
                Throw(b == '#' ? "Fragment in request target" : "Invalid character in request target");
            }
        }
        var pathStart = 0;
        if (target[0] != '/')
        {
            if (target.Length == 1 && target[0] == '*')
            {
                // RFC 9112 §3.2.4: the asterisk-form is a server-wide OPTIONS, and nothing else.
                if (head.Method != "OPTIONS")
                {
                    Throw("The asterisk-form target is only for OPTIONS");
                }
                head.Path = "*";
                return;
            }
            var scheme = target.IndexOf("://"u8);
            if (scheme > 0 && IsScheme(target.Slice(0, scheme)))
            {
                // absolute-form (§3.2.2): the authority ends at the first '/' or '?' (RFC 3986 §3.2), and it is the
                // request's host, whatever the Host header says.
                var authority = target.Slice(scheme + 3);
                var authorityEnd = authority.IndexOfAny("/?"u8);
                authority = authorityEnd < 0 ? authority : authority.Slice(0, authorityEnd);
                if (!IsValidHost(authority) || authority.IsEmpty)
                {
                    // RFC 9110 §4.2.4: userinfo in an http(s) URI is an error, and so is a missing host.
                    Throw("Invalid authority in request target");
                }
                head.AuthorityStart = offset + scheme + 3;
                head.AuthorityLength = authority.Length;
                pathStart = scheme + 3 + authority.Length;
            }
            else if (head.Method == "CONNECT")
            {
                // RFC 9110 §9.3.6: Roll is no proxy; a tunnel is a method it does not implement.
                Throw(HttpStatusCode.NotImplemented, "CONNECT is not supported");
            }
            else
            {
                Throw("Invalid request target");
            }
        }
        var question = target.Slice(pathStart).IndexOf((byte)'?');
        var pathEnd = question < 0 ? target.Length : pathStart + question;
        if (question >= 0)
        {
            head.QueryStart = offset + pathEnd + 1;
            head.QueryLength = target.Length - pathEnd - 1;
        }
        var raw = target.Slice(pathStart, pathEnd - pathStart);
        if (raw.IsEmpty)
        {
            head.Path = "/";
        }
        else if (!head.TryReusePath(raw))
        {
            head.RememberPath(raw, DecodePath(raw));
        }
    }

    /// <summary>Whether a Host value (or an absolute-form authority) is <c>uri-host [ ":" port ]</c> (RFC 9110 §7.2, RFC 3986 §3.2.2).</summary>
    /// <remarks>An IP-literal is brackets around hex digits, colons and dots; anything else is a reg-name or IPv4 address. Empty is valid here: whether a host is required is the caller's rule.</remarks>
    internal static bool IsValidHost(ReadOnlySpan<byte> host)
    {
        if (!host.IsEmpty && host[0] == '[')
        {
            var close = host.IndexOf((byte)']');
            if (close < 3 || host.Slice(1, close - 1).IndexOfAnyExcept(s_ipLiteralChars) >= 0 || host.Slice(1, close - 1).IndexOf((byte)':') < 0)
            {
                return false;
            }
            host = host.Slice(close + 1);
            return host.IsEmpty || (host[0] == ':' && host.Slice(1).IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0);
        }
        var colon = host.IndexOf((byte)':');
        var name = colon < 0 ? host : host.Slice(0, colon);
        if (name.IndexOfAnyExcept(s_regNameChars) >= 0 || (colon >= 0 && host.Slice(colon + 1).IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0))
        {
            return false;
        }
        // pct-encoded: '%' then two hex digits.
        for (var percent = name.IndexOf((byte)'%'); percent >= 0; percent = name.IndexOf((byte)'%'))
        {
            if (percent + 2 >= name.Length || !TryHex(name[percent + 1], out _) || !TryHex(name[percent + 2], out _))
            {
                return false;
            }
            name = name.Slice(percent + 3);
        }
        return true;
    }

    /// <summary>Whether the text is a URI scheme: <c>ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )</c> (RFC 3986 §3.1).</summary>
    private static bool IsScheme(ReadOnlySpan<byte> text)
    {
        if (!char.IsAsciiLetter((char)text[0]))
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit((char)c) && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Percent-decodes a path into a string; the decoded bytes must be UTF-8 (Roll matches routes on the decoded path).</summary>
    internal static string DecodePath(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'%') < 0)
        {
            return Encoding.ASCII.GetString(raw);
        }
        var rented = raw.Length <= 512 ? null : ArrayPool<byte>.Shared.Rent(raw.Length);
        Span<byte> decoded = rented is null ? stackalloc byte[raw.Length] : rented;
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b == '%')
                {
                    var hi = -1;
                    var lo = -1;
                    if (i + 2 >= raw.Length || !TryHex(raw[i + 1], out hi) || !TryHex(raw[i + 2], out lo))
                    {
                        Throw("Invalid percent-encoding in path");
                    }
                    b = (byte)((hi << 4) | lo);
                    i += 2;
                }
                decoded[length++] = b;
            }
            var bytes = decoded.Slice(0, length);
            if (!Utf8.IsValid(bytes) || bytes.IndexOf((byte)0) >= 0)
            {
                Throw("Invalid encoded path");
            }
            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryHex(byte c, out int value)
    {
        value = c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
