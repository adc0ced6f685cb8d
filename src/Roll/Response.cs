using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Roll;

/// <summary>An HTTP response: status, headers, cookies and body, sent once the handler and listeners are done.</summary>
/// <remarks>A connection reuses one response object; subclass it (for an <c>Html</c> method, say) and use it with <see cref="RollApp{TRequest, TResponse}"/>.</remarks>
public class Response
{
    private const string JsonContentType = "application/json; charset=utf-8";

    private Cookies? _cookies;
    private JsonNode? _json;
    private HttpStatusCode _status = HttpStatusCode.OK;

    /// <summary>The status; 200 OK unless set; a status line holds three digits, so 100 to 999 only.</summary>
    public HttpStatusCode Status
    {
        get => _status;
        set => _status = HttpError.CheckStatus(value);
    }

    /// <summary>The status as a number.</summary>
    public int StatusCode
    {
        get => (int)Status;
        set => Status = (HttpStatusCode)value;
    }

    /// <summary>The response headers, case-insensitive.</summary>
    public ResponseHeaders Headers { get; } = new();

    /// <summary>The cookies to set, each sent as one Set-Cookie header.</summary>
    public Cookies Cookies => _cookies ??= CreateCookies();

    /// <summary>The body: text, bytes, a stream or async chunks; empty unless set.</summary>
    public ResponseBody Body { get; set; }

    /// <summary>The request this response answers.</summary>
    public Request Request { get; internal set; } = null!;

    /// <summary>A JSON body: setting it serialises the value and sets <c>Content-Type: application/json; charset=utf-8</c>.</summary>
    public JsonNode? Json
    {
        get => _json;
        set
        {
            _json = value;
            Headers["Content-Type"] = JsonContentType;
            Body = value is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(value, JsonNodeContext.Default.JsonNode);
        }
    }

    internal bool HasCookies => _cookies is { Count: > 0 };

    /// <summary>Sets a JSON body from any value, trimming-safe through its generated type info.</summary>
    public void SetJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        Headers["Content-Type"] = JsonContentType;
        Body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }

    /// <summary>Sets a JSON body from any value through reflection; prefer the overload taking a JsonTypeInfo for trimmed or native AOT apps.</summary>
    [RequiresUnreferencedCode("Serialising an arbitrary type to JSON needs reflection; use SetJson(value, typeInfo).")]
    [RequiresDynamicCode("Serialising an arbitrary type to JSON needs reflection; use SetJson(value, typeInfo).")]
    public void SetJson<T>(T value)
    {
        Headers["Content-Type"] = JsonContentType;
        Body = JsonSerializer.SerializeToUtf8Bytes(value);
    }

    /// <summary>Redirects the client: sets the Location header and the status (302 Found unless given).</summary>
    public void Redirect(string location, HttpStatusCode status = HttpStatusCode.Found)
    {
        Headers["Location"] = location;
        Status = status;
    }

    /// <summary>Makes the cookie jar; override to use a Cookies type of your own.</summary>
    protected virtual Cookies CreateCookies() => new();

    internal void Reset(Request request)
    {
        Request = request;
        Status = HttpStatusCode.OK;
        Headers.Clear();
        Body = default;
        // The jar is kept for the connection's next response, as the response itself is.
        _cookies?.Clear();
        _json = null;
    }
}
