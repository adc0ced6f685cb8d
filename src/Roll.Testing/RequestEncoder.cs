using System.Globalization;
using System.Text;

namespace Roll.Testing;

/// <summary>Builds the raw bytes of an HTTP/1.1 request, as a client would put them on the wire.</summary>
/// <remarks>Shared by both clients, so that a request is the same bytes in memory and over a socket.</remarks>
internal static class RequestEncoder
{
    private static readonly string[] s_methodsWithBody = ["POST", "PUT", "PATCH"];

    /// <summary>The content type a request's headers give, the per-request ones winning over the defaults; null when none.</summary>
    public static string? ContentTypeOf(IEnumerable<KeyValuePair<string, string>> defaultHeaders, IReadOnlyDictionary<string, string>? headers)
        => Merge(defaultHeaders, headers).LastOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Encodes a request: request line, Host (unless given), headers, then the framing and the body.</summary>
    /// <param name="method">The method, sent upper-case.</param>
    /// <param name="path">The request target; characters a target cannot hold (spaces, non-ASCII) are percent-encoded as UTF-8.</param>
    /// <param name="host">The Host header sent unless the headers give one.</param>
    /// <param name="defaultHeaders">Headers sent with every request of the client.</param>
    /// <param name="headers">This request's headers; they replace default headers of the same name.</param>
    /// <param name="body">The body and its content type, or null.</param>
    public static byte[] Encode(string method, string path, string host, IEnumerable<KeyValuePair<string, string>> defaultHeaders,
        IReadOnlyDictionary<string, string>? headers, EncodedBody? body)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        method = method.ToUpperInvariant();
        var all = Merge(defaultHeaders, headers);
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(EncodeTarget(path)).Append(" HTTP/1.1\r\n");
        if (!all.Any(h => Is(h.Key, "Host")))
        {
            AppendHeader(head, "Host", host);
        }
        var framed = all.Any(h => Is(h.Key, "Content-Length") || Is(h.Key, "Transfer-Encoding"));
        foreach (var (name, value) in all)
        {
            // The encoded body's content type already took this header into account (a multipart boundary, say).
            if (body is not null && Is(name, "Content-Type"))
            {
                continue;
            }
            AppendHeader(head, name, value);
        }
        if (body is { } content)
        {
            AppendHeader(head, "Content-Type", content.ContentType);
        }
        if (!framed && (body is not null || s_methodsWithBody.Contains(method)))
        {
            // RFC 9110 §8.6: a POST, PUT or PATCH without content still says so, as HttpClient and curl do.
            AppendHeader(head, "Content-Length", (body?.Content.Length ?? 0).ToString(CultureInfo.InvariantCulture));
        }
        head.Append("\r\n");
        var headBytes = Encoding.UTF8.GetBytes(head.ToString());
        if (body is null)
        {
            return headBytes;
        }
        var request = new byte[headBytes.Length + body.Value.Content.Length];
        headBytes.CopyTo(request, 0);
        body.Value.Content.CopyTo(request, headBytes.Length);
        return request;
    }

    /// <summary>The method of a raw request: its bytes up to the first space.</summary>
    public static string MethodOf(byte[] request)
    {
        var space = Array.IndexOf(request, (byte)' ');
        return space < 0 ? string.Empty : Encoding.ASCII.GetString(request, 0, space);
    }

    private static List<KeyValuePair<string, string>> Merge(IEnumerable<KeyValuePair<string, string>> defaultHeaders,
        IReadOnlyDictionary<string, string>? headers)
    {
        var all = new List<KeyValuePair<string, string>>();
        foreach (var header in defaultHeaders)
        {
            if (headers is null || !headers.Keys.Any(name => Is(name, header.Key)))
            {
                all.Add(header);
            }
        }
        if (headers is not null)
        {
            all.AddRange(headers);
        }
        return all;
    }

    private static string EncodeTarget(string path)
    {
        // RFC 9112 §3.2: a request target is visible ASCII; the rest is percent-encoded, as a browser does.
        if (!path.Any(c => c <= ' ' || c >= '\x7F'))
        {
            return path;
        }
        var target = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in path.EnumerateRunes())
        {
            if (rune.Value > ' ' && rune.Value < 0x7F)
            {
                target.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                target.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return target.ToString();
    }

    private static void AppendHeader(StringBuilder head, string name, string value)
    {
        if (name.AsSpan().IndexOfAny('\r', '\n', ':') >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"The header '{name}' would break the request: no line breaks in names or values, no ':' in names.");
        }
        head.Append(name).Append(": ").Append(value).Append("\r\n");
    }

    private static bool Is(string name, string expected) => name.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
