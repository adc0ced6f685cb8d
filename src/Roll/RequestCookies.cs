using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Roll;

/// <summary>Parses the Cookie header of a request into names and decoded values.</summary>
internal static class RequestCookies
{
    private static readonly IReadOnlyDictionary<string, string> s_empty = new Dictionary<string, string>();

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
        var pairs = cookieHeader.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!CookieHeaderValue.TryParseList(pairs, out var parsed))
        {
            return cookies;
        }

        foreach (var cookie in parsed)
        {
            // RFC 6265 §5.4: the client sends the cookie with the longest path first, the most specific one.
            cookies.TryAdd(cookie.Name.ToString(), Decode(cookie.Value));
        }

        return cookies;
    }

    // RFC 6265 §4.1.1 allows a value in double quotes, which are not part of it; the value itself was
    // percent-encoded by Cookie.ToString, and unescaping never throws: a stray '%' stays as it is.
    private static string Decode(StringSegment value) =>
        Uri.UnescapeDataString(HeaderUtilities.RemoveQuotes(value).ToString());
}
