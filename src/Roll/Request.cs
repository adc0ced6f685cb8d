using System.Net;
using Microsoft.Extensions.Logging;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Roll.Routing;
using Roll.Server;

namespace Roll;

/// <summary>An HTTP request: its head, its body and what Roll parses from them on demand.</summary>
/// <remarks>
/// A connection reuses one request object for the requests it carries, so a handler must not keep it after it
/// returns. Subclass it to change how the query, form or files are parsed, and use the subclass with
/// <see cref="RollApp{TRequest, TResponse}"/>.
/// </remarks>
public partial class Request
{
    private RequestHead _head = null!;
    private HttpProtocol _protocol = null!;
    private Query? _query;
    private Form? _form;
    private Files? _files;
    private IReadOnlyDictionary<string, string>? _cookies;
    private JsonNode? _json;
    private bool _jsonParsed;
    private byte[]? _body;
    private TempFileBody? _bodyFile;
    private List<IDisposable>? _disposables;
    private Dictionary<string, object?>? _items;
    private (IPAddress? Client, string Scheme)? _origin;

    /// <summary>The app serving this request.</summary>
    public RollApp App => _protocol.App;

    /// <summary>The request method, upper-case as sent (GET, POST...).</summary>
    public string Method => _head.Method;

    /// <summary>The raw request target, as sent (path and query string, not decoded).</summary>
    public string Url => _head.Url;

    /// <summary>The percent-decoded path, on which routes are matched.</summary>
    public string Path => _head.Path;

    /// <summary>The raw query string, without the question mark; empty when there is none.</summary>
    public string QueryString => _head.QueryString;

    /// <summary>The protocol version, "HTTP/1.1" or "HTTP/1.0".</summary>
    public string Version => _head.IsHttp11 ? "HTTP/1.1" : "HTTP/1.0";

    /// <summary>The request headers, case-insensitive.</summary>
    public RequestHeaders Headers => _head.Headers;

    /// <summary>The route this request matched, with its extras and the values of its placeholders.</summary>
    public RouteMatch Route { get; } = new();

    /// <summary>The address of the client (the peer of the connection).</summary>
    public EndPoint? RemoteEndPoint => _protocol.RemoteEndPoint;

    /// <summary>The client's IP address: the peer's, or the one a trusted proxy sent in X-Forwarded-For (see <see cref="RollApp.TrustedProxies"/>); null on a unix socket with no proxy.</summary>
    public IPAddress? ClientAddress => (_origin ??= App.TrustedProxies.Resolve(RemoteEndPoint, Headers.Get, _protocol.Scheme)).Client;

    /// <summary>"https" when the request came over TLS (Kestrel's, through Roll.Kestrel), else "http"; from a trusted proxy, what it sent in X-Forwarded-Proto.</summary>
    public string Scheme => (_origin ??= App.TrustedProxies.Resolve(RemoteEndPoint, Headers.Get, _protocol.Scheme)).Scheme;

    internal HttpProtocol Protocol => _protocol;

    /// <summary>Where the loaded body is kept on disk, or null when it is in memory.</summary>
    internal string? BodyFilePath => _bodyFile?.Path;

    /// <summary>The query string parameters, parsed on first use.</summary>
    public Query Query => _query ??= CreateQuery(QueryString);

    /// <summary>The request cookies by name, parsed on first use.</summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies ??= RequestCookies.Parse(Headers["Cookie"]);

    /// <summary>The Content-Type header, or an empty string.</summary>
    public string ContentType => Headers["Content-Type"] ?? string.Empty;

    /// <summary>The Host header, or an empty string.</summary>
    public string Host => Headers["Host"] ?? string.Empty;

    /// <summary>The Referer header, or null.</summary>
    public string? Referrer => Headers["Referer"];

    /// <summary>The Referer header, or null (the header's own spelling).</summary>
    public string? Referer => Referrer;

    /// <summary>The Origin header, or null.</summary>
    public string? Origin => Headers["Origin"];

    /// <summary>Whether the body is still on the connection, to be read with <see cref="ReadAsync"/> or <see cref="ReadChunksAsync"/>.</summary>
    public bool IsBodyLazy => _body is null && _bodyFile is null;

    /// <summary>The whole body as one array in memory; a body loaded into a temporary file (see <see cref="OpenBody"/>) is read into memory on first use; for a route with a lazy body, available once <see cref="ReadAsync"/> has loaded it.</summary>
    public byte[] Body
    {
        get => _body ??= _bodyFile?.ToArray() ?? throw NotLoaded();
        set
        {
            _body = value;
            _bodyFile = null;
        }
    }

    /// <summary>The length in bytes of the loaded body, whether in memory or in a temporary file.</summary>
    public long BodyLength => _body?.Length ?? _bodyFile?.Length ?? throw NotLoaded();

    /// <summary>Opens a new read-only, seekable stream at the start of the loaded body, without copying a body kept in a temporary file into memory.</summary>
    public Stream OpenBody()
    {
        if (_body is not null)
        {
            return new MemoryStream(_body, writable: false);
        }
        return _bodyFile?.Open() ?? throw NotLoaded();
    }

    /// <summary>The form fields of an urlencoded or multipart body, parsed on first use (400 when unparsable).</summary>
    public Form Form
    {
        get
        {
            if (_form is null)
            {
                ParseForm();
            }
            return _form!;
        }
    }

    /// <summary>The files uploaded in a multipart body, parsed on first use (400 when unparsable).</summary>
    public Files Files
    {
        get
        {
            if (_files is null)
            {
                ParseForm();
            }
            return _files!;
        }
    }

    /// <summary>The body parsed as JSON, on first use (400 when it is not valid UTF-8 JSON, repeated names in an object included).</summary>
    public JsonNode? Json
    {
        get
        {
            if (!_jsonParsed)
            {
                _json = JsonBody.Parse(Body);
                _jsonParsed = true;
            }
            return _json;
        }
    }

    /// <summary>Custom data of the app's own, kept for this request only; Roll never touches it.</summary>
    public object? this[string key]
    {
        get => _items is not null && _items.TryGetValue(key, out var value) ? value : null;
        set => (_items ??= new Dictionary<string, object?>())[key] = value;
    }

    /// <summary>Whether custom data is stored under that key.</summary>
    public bool ContainsKey(string key) => _items is not null && _items.ContainsKey(key);

    /// <summary>Deserialises the JSON body into a <typeparamref name="T"/>, trimming-safe (400 when it is not such JSON, or not valid UTF-8 JSON, repeated names in an object included).</summary>
    public T? GetJson<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonBody.Deserialize(Body, typeInfo);
    }

    /// <summary>Reads the whole body from the connection (once) into memory, makes it the <see cref="Body"/> and returns it; a body over <paramref name="maxSize"/> (by default the app's <c>Limits.MaxRequestBodySize</c>) is a 413.</summary>
    /// <remarks>A lazy route reads past the app's body limit only through <see cref="ReadChunksAsync"/>, or by asking for a larger <paramref name="maxSize"/>: one array in memory must not be whatever size a client sends.</remarks>
    public async Task<byte[]> ReadAsync(long? maxSize = null)
    {
        if (_body is null)
        {
            var limit = maxSize ?? App.Limits.MaxRequestBodySize;
            _body = await _protocol.Body.ReadToEndAsync(limit, _head.Chunked ? -1 : Math.Max(_head.ContentLength, 0)).ConfigureAwait(false);
        }
        return _body;
    }

    /// <summary>Reads the body from the connection piece by piece as it arrives; each piece is valid until the next one is asked for.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync()
    {
        if (_body is not null)
        {
            if (_body.Length > 0)
            {
                yield return _body;
            }
            yield break;
        }
        if (_bodyFile is not null)
        {
            using var stream = _bodyFile.Open();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                yield return buffer.AsMemory(0, read);
            }
            yield break;
        }
        while (true)
        {
            var chunk = await _protocol.Body.ReadAsync().ConfigureAwait(false);
            if (chunk.IsEmpty)
            {
                yield break;
            }
            yield return chunk;
        }
    }

    /// <summary>Makes the query object from the raw query string; override to use a Query type of your own.</summary>
    protected virtual Query CreateQuery(string queryString) => new(queryString);

    /// <summary>Makes the empty form that a body is parsed into; override to use a Form type of your own.</summary>
    protected virtual Form CreateForm() => new();

    /// <summary>Makes the empty file collection that a body is parsed into; override to use a Files type of your own.</summary>
    protected virtual Files CreateFiles() => new();

    internal void Reset(HttpProtocol protocol, RequestHead head)
    {
        _protocol = protocol;
        _head = head;
        _query = null;
        _form = null;
        _files = null;
        _cookies = null;
        _json = null;
        _jsonParsed = false;
        _body = head.HasBody ? null : [];
        _bodyFile = null;
        _items?.Clear();
        _origin = null;
    }

    /// <summary>Loads the body before the handler runs: in memory up to <see cref="ServerLimits.RequestBodyMemoryThreshold"/>, else into a temporary file deleted after the request.</summary>
    internal async ValueTask LoadBodyAsync(long limit)
    {
        if (IsBodyLazy)
        {
            var (bytes, file) = await _protocol.Body.BufferAsync(limit, _head.Chunked ? -1 : _head.ContentLength, App.Limits.RequestBodyMemoryThreshold).ConfigureAwait(false);
            if (file is not null)
            {
                DisposeAfterRequest(file);
            }
            _body = bytes;
            _bodyFile = file;
        }
    }

    /// <summary>Has <paramref name="resource"/> disposed once the answer has been sent, or the connection has ended, whichever comes first.</summary>
    internal void DisposeAfterRequest(IDisposable resource) => (_disposables ??= []).Add(resource);

    /// <summary>Disposes what <see cref="DisposeAfterRequest"/> registered (called by the engine); a failure to dispose one does not keep the others.</summary>
    internal void DisposeRequestResources()
    {
        if (_disposables is not { Count: > 0 } disposables)
        {
            return;
        }
        foreach (var resource in disposables)
        {
            try
            {
                resource.Dispose();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                App.Logger.LogWarning(error, "Could not dispose {Resource} after {Method} {Path}", resource, Method, Path);
            }
        }
        disposables.Clear();
    }

    private static HttpError NotLoaded() => new(HttpStatusCode.InternalServerError,
        "The body of this request was not loaded: its route reads it lazily, so call 'await request.ReadAsync()' first");

    private void ParseForm()
    {
        var form = CreateForm();
        var files = CreateFiles();
        FormParser.Parse(ContentType, OpenBody, App.FormLimits, form, files, DisposeAfterRequest);
        _form = form;
        _files = files;
    }
}
