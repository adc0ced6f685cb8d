using System.Buffers;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Roll;

/// <summary>Parses the Cookie header of a request into names and decoded values.</summary>
internal static class RequestCookies
{
    private static readonly IReadOnlyDictionary<string, string> s_empty = new Dictionary<string, string>();

    // RFC 6265 §4.1.1: a cookie-name is a token (Cookie.TokenChars), a cookie-value is cookie-octets, optionally in
    // double quotes.
    private static readonly SearchValues<char> s_cookieOctets =
        SearchValues.Create("!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>The cookies of a Cookie header; invalid pairs are skipped and the first of a repeated name wins.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? cookieHeader)
    {
        if (string.IsNullOrEmpty(cookieHeader))
        {
            return s_empty;
        }

        // RFC 6265 §5.4 separates pairs with "; " only. Given the whole header, TryParseList also splits on
        // ',' and then drops every pair after a comma or rejects the whole header, so one odd cookie set by
        // another site on the domain would hide all the others; parsing pair by pair skips just that one.
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = cookieHeader.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var pair = (end < 0 ? rest : rest[..end]).Trim();
            rest = end < 0 ? default : rest[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }
            // The pairs a browser sends are read here (a benchmark showed the library's parser costing a
            // microsecond a request); anything else is left to the library, which decides what it is.
            var equals = pair.IndexOf('=');
            if (equals > 0 && !pair[..equals].ContainsAnyExcept(Cookie.TokenChars) && TryValue(pair[(equals + 1)..], out var value))
            {
                // RFC 6265 §5.4: the client sends the cookie with the longest path first, the most specific one.
                cookies.TryAdd(pair[..equals].ToString(), value.Contains('%') ? Uri.UnescapeDataString(value) : value.ToString());
            }
            else if (CookieHeaderValue.TryParseList([pair.ToString()], out var parsed))
            {
                foreach (var cookie in parsed)
                {
                    cookies.TryAdd(cookie.Name.ToString(), Decode(cookie.Value));
                }
            }
        }

        return cookies;
    }

    private static bool TryValue(ReadOnlySpan<char> text, out ReadOnlySpan<char> value)
    {
        value = text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
        return !value.ContainsAnyExcept(s_cookieOctets);
    }

    // RFC 6265 §4.1.1 allows a value in double quotes, which are not part of it; the value itself was
    // percent-encoded by Cookie.ToString, and unescaping never throws: a stray '%' stays as it is.
    private static string Decode(StringSegment value) =>
        Uri.UnescapeDataString(HeaderUtilities.RemoveQuotes(value).ToString());
}
