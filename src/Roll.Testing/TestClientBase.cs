using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Roll.Testing;

/// <summary>What <see cref="TestClient"/> and <see cref="LiveClient"/> share: the verbs, the body encoding and the default headers.</summary>
/// <remarks>
/// <para>
/// A body is encoded from its content type, as Roll's test client does: without one, a string is sent as
/// <c>text/plain; charset=utf-8</c>, bytes as <c>application/octet-stream</c>, and anything else (a dictionary, a
/// JsonNode, an object) as JSON; with <c>application/x-www-form-urlencoded</c> a dictionary becomes urlencoded
/// fields; with <c>multipart/form-data</c>, or whenever files are given, a multipart body is made with a fresh
/// boundary, the dictionary's fields as parts and the files as file parts.
/// </para>
/// <para>
/// JsonNode, JsonElement, dictionaries, lists and primitives become JSON without reflection. Other objects
/// (anonymous objects, records) need System.Text.Json's reflection: the generic verb overloads, which C# picks
/// for any typed body, do that and are marked as such; the <c>object</c> overloads use <see cref="JsonOptions"/>
/// when it has a type info resolver (a source-generated context), which keeps native AOT code warning-free.
/// </para>
/// <para>
/// Requests go one at a time on one keep-alive connection; when the server closes it (<c>Connection: close</c>,
/// an error), the next request opens a new one.
/// </para>
/// </remarks>
public abstract partial class TestClientBase : IAsyncDisposable
{
    private const string ReflectionMessage =
        "A body of a type other than JsonNode, a dictionary, a list or a primitive is serialised to JSON by reflection; "
        + "pass a JsonNode, or set JsonOptions to a source-generated context and use the object overload.";

    private protected TestClientBase()
    {
    }

    /// <summary>Headers sent with every request (Authorization, say); a request's own headers of the same name win.</summary>
    public IDictionary<string, string> DefaultHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The options that serialise JSON bodies of types other than JsonNode, dictionaries, lists and primitives; null for the defaults.</summary>
    public JsonSerializerOptions? JsonOptions { get; set; }

    /// <summary>How long to wait for a response before failing with a TimeoutException; 30 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sends a GET request.</summary>
    public Task<TestResponse> GetAsync(string path, IReadOnlyDictionary<string, string>? headers = null)
        => RequestAsync("GET", path, headers: headers);

    /// <summary>Sends a HEAD request; the response has the headers of a GET and no body.</summary>
    public Task<TestResponse> HeadAsync(string path, IReadOnlyDictionary<string, string>? headers = null)
        => RequestAsync("HEAD", path, headers: headers);

    /// <summary>Sends an OPTIONS request.</summary>
    public Task<TestResponse> OptionsAsync(string path, IReadOnlyDictionary<string, string>? headers = null)
        => RequestAsync("OPTIONS", path, headers: headers);

    /// <summary>Sends a DELETE request.</summary>
    public Task<TestResponse> DeleteAsync(string path, IReadOnlyDictionary<string, string>? headers = null)
        => RequestAsync("DELETE", path, headers: headers);

    /// <summary>Sends a CONNECT request to a target such as <c>example.org:443</c> (or a path, which Roll routes like any other).</summary>
    public Task<TestResponse> ConnectAsync(string path, IReadOnlyDictionary<string, string>? headers = null)
        => RequestAsync("CONNECT", path, headers: headers);

    /// <summary>Sends a POST request with a body encoded from its content type (see the class remarks).</summary>
    public Task<TestResponse> PostAsync(string path, object? body = null, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<TestFile>? files = null)
        => RequestAsync("POST", path, body, contentType, headers, files);

    /// <summary>Sends a POST request with a typed body, serialised to JSON by reflection when it is of no type Roll.Testing writes itself.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public Task<TestResponse> PostAsync<TBody>(string path, TBody body, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<TestFile>? files = null)
        => RequestAsync("POST", path, body, contentType, headers, files);

    /// <summary>Sends a PUT request with a body encoded from its content type (see the class remarks).</summary>
    public Task<TestResponse> PutAsync(string path, object? body = null, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<TestFile>? files = null)
        => RequestAsync("PUT", path, body, contentType, headers, files);

    /// <summary>Sends a PUT request with a typed body, serialised to JSON by reflection when it is of no type Roll.Testing writes itself.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public Task<TestResponse> PutAsync<TBody>(string path, TBody body, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<TestFile>? files = null)
        => RequestAsync("PUT", path, body, contentType, headers, files);

    /// <summary>Sends a PATCH request with a body encoded from its content type (see the class remarks).</summary>
    public Task<TestResponse> PatchAsync(string path, object? body = null, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<TestFile>? files = null)
        => RequestAsync("PATCH", path, body, contentType, headers, files);

    /// <summary>Sends a PATCH request with a typed body, serialised to JSON by reflection when it is of no type Roll.Testing writes itself.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public Task<TestResponse> PatchAsync<TBody>(string path, TBody body, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<TestFile>? files = null)
        => RequestAsync("PATCH", path, body, contentType, headers, files);

    /// <summary>Sends a request of any method, with a body encoded from its content type (see the class remarks).</summary>
    /// <param name="method">The method, sent upper-case.</param>
    /// <param name="path">The request target, query string included; spaces and non-ASCII characters are percent-encoded.</param>
    /// <param name="body">Text, bytes, a dictionary of fields, a JsonNode, or null for no body.</param>
    /// <param name="contentType">The content type, which chooses the encoding; when null, the headers' Content-Type, else chosen from the body.</param>
    /// <param name="headers">This request's headers, on top of <see cref="DefaultHeaders"/>.</param>
    /// <param name="files">Files to upload in a multipart body.</param>
    public Task<TestResponse> RequestAsync(string method, string path, object? body = null, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<TestFile>? files = null)
        => SendAsync(method, path, body, contentType, headers, files, SerializeWithOptions);

    /// <summary>Sends a request of any method with a typed body, serialised to JSON by reflection when it is of no type Roll.Testing writes itself.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public Task<TestResponse> RequestAsync<TBody>(string method, string path, TBody body, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<TestFile>? files = null)
        => SendAsync(method, path, body, contentType, headers, files, value => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), JsonOptions));

    /// <summary>Sends the bytes of one request as they are, on the client's connection, and parses the one response.</summary>
    /// <remarks>For several pipelined requests, or to see the server close, use <see cref="SendRawAllAsync"/>.</remarks>
    public Task<TestResponse> SendRawAsync(byte[] request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExchangeAsync(request, RequestEncoder.MethodOf(request) == "HEAD");
    }

    /// <summary>Sends bytes as they are, then half-closes the connection and returns everything the server writes until it ends the connection.</summary>
    /// <remarks>
    /// For conformance tests that pipeline requests or expect the server to close: the client tells the server it
    /// sends nothing more (end of input in memory, a TCP half-close live), so the server answers what it got and
    /// ends. The connection is finished afterwards; the next request opens a new one. The bytes are decoded as UTF-8.
    /// </remarks>
    public async Task<string> SendRawAllAsync(byte[] request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = await ExchangeAllAsync(request).ConfigureAwait(false);
        return Encoding.UTF8.GetString(bytes);
    }

    private Task<TestResponse> SendAsync(string method, string path, object? body, string? contentType,
        IReadOnlyDictionary<string, string>? headers, IEnumerable<TestFile>? files, Func<object, byte[]> serializeJson)
    {
        contentType ??= RequestEncoder.ContentTypeOf(DefaultHeaders, headers);
        var encoded = BodyEncoder.Encode(body, contentType, files, serializeJson);
        var request = RequestEncoder.Encode(method, path, Host, DefaultHeaders, headers, encoded);
        return ExchangeAsync(request, method.Equals("HEAD", StringComparison.OrdinalIgnoreCase));
    }

    private byte[] SerializeWithOptions(object value)
    {
        if (JsonOptions?.TypeInfoResolver is null)
        {
            throw new NotSupportedException(
                $"A {value.GetType().Name} body needs reflection to become JSON: pass it with its own type (the generic overload), "
                + "give a JsonNode or a dictionary, or set JsonOptions to options with a source-generated context.");
        }
        return JsonSerializer.SerializeToUtf8Bytes(value, JsonOptions.GetTypeInfo(value.GetType()));
    }
}
