using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Roll.Server;

/// <summary>The parser's reading of the request target (RFC 9112 §3.2): its form, path and query.</summary>
internal static partial class HttpParser
{
    private static void ParseTarget(RequestHead head, ReadOnlySpan<byte> target, int offset)
    {
        // RFC 9112 §3.2: visible ASCII only; anything else (controls, spaces, raw non-ASCII) is not a target.
        foreach (var b in target)
        {
            if (b <= 0x20 || b >= 0x7F)
            {
                Throw("Invalid character in request target");
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
                // absolute-form (§3.2.2): the authority ends at the first '/', '?' or '#' (RFC 3986 §3.2).
                var authorityEnd = target.Slice(scheme + 3).IndexOfAny("/?#"u8);
                pathStart = authorityEnd < 0 ? target.Length : scheme + 3 + authorityEnd;
            }
            else if (head.Method == "CONNECT")
            {
                head.Path = Encoding.ASCII.GetString(target);
                return;
            }
            else
            {
                Throw("Invalid request target");
            }
        }
        var fragment = target.IndexOf((byte)'#');
        if (fragment >= 0)
        {
            target = target.Slice(0, fragment);
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
