using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Roll.Testing;

/// <summary>A response as a test client received it: status, headers, cookies and body, parsed from the raw bytes.</summary>
public sealed class TestResponse
{
    private string? _text;
    private JsonNode? _json;
    private bool _jsonParsed;
    private IReadOnlyDictionary<string, string>? _cookies;

    internal TestResponse(string version, int statusCode, string reason, TestHeaders headers, byte[] body, bool isChunked,
        string raw, bool closesConnection)
    {
        Version = version;
        StatusCode = statusCode;
        Reason = reason;
        Headers = headers;
        Body = body;
        IsChunked = isChunked;
        Raw = raw;
        ClosesConnection = closesConnection;
    }

    /// <summary>The status.</summary>
    public HttpStatusCode Status => (HttpStatusCode)StatusCode;

    /// <summary>The status as a number.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase of the status line.</summary>
    public string Reason { get; }

    /// <summary>The protocol version of the status line, "HTTP/1.1" from Roll.</summary>
    public string Version { get; }

    /// <summary>The headers, case-insensitive and multi-valued.</summary>
    public TestHeaders Headers { get; }

    /// <summary>The raw values of the Set-Cookie headers, in order.</summary>
    public IReadOnlyList<string> SetCookies => Headers.GetValues("Set-Cookie");

    /// <summary>The cookies the response sets, name to percent-decoded value; when a name is set twice, the last one wins.</summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies ??= ParseCookies(SetCookies);

    /// <summary>The body, de-chunked when it came chunked; empty for HEAD and bodiless statuses.</summary>
    public byte[] Body { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Body);

    /// <summary>The body parsed as JSON; null when the body is empty, an InvalidOperationException when it is not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            if (!_jsonParsed)
            {
                try
                {
                    _json = Body.Length == 0 ? null : JsonNode.Parse(Body);
                }
                catch (JsonException error)
                {
                    throw new InvalidOperationException($"The body of this {StatusCode} response is not JSON: {Text}", error);
                }
                _jsonParsed = true;
            }
            return _json;
        }
    }

    /// <summary>Whether the body came with <c>Transfer-Encoding: chunked</c>.</summary>
    public bool IsChunked { get; }

    /// <summary>The head as received, status line to the empty line included, for assertions on the exact bytes.</summary>
    public string Raw { get; }

    /// <summary>Whether the server ends the connection after this response.</summary>
    internal bool ClosesConnection { get; }

    /// <summary>The status line, for test failure messages.</summary>
    public override string ToString() => $"{Version} {StatusCode} {Reason}";

    private static Dictionary<string, string> ParseCookies(IReadOnlyList<string> setCookies)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in setCookies)
        {
            // RFC 6265 §5.2: the name-value pair is everything before the first ';', split at its first '='.
            var pair = line.AsSpan();
            var semicolon = pair.IndexOf(';');
            if (semicolon >= 0)
            {
                pair = pair[..semicolon];
            }
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }
            var name = pair[..equals].Trim().ToString();
            var value = pair[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }
            cookies[name] = Uri.UnescapeDataString(value.ToString());
        }
        return cookies;
    }
}
