namespace Roll;

/// <summary>The <c>compression</c> extension: brotli or gzip bodies, as the client's Accept-Encoding asks.</summary>
/// <remarks>
/// Compressing secrets next to what an attacker can reflect into the same body (a CSRF token beside a search term) leaks
/// them through the compressed length (BREACH): leave such answers uncompressed with <c>Cache-Control: no-transform</c>.
/// </remarks>
public static class CompressionExtensions
{
    /// <summary>The key under which the app keeps the options, for the <c>static</c> extension's precompressed siblings.</summary>
    internal const string Key = "compression";

    /// <summary>Compresses the answers worth it, with the coding the client ranks first; registered as a response listener, so it sees every answer the listeners before it made.</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="options">What to compress and how; the defaults when null. Its encodings are read now, the rest at each answer.</param>
    /// <returns>The options in force.</returns>
    /// <remarks>
    /// Left alone: answers to HEAD, 1xx, 204, 206 and 304 answers, bodies under <see cref="CompressionOptions.MinimumSize"/>
    /// (unless the client refused identity), the types of <see cref="CompressionOptions.SkippedTypes"/>, answers with
    /// <c>Cache-Control: no-transform</c> or a Content-Encoding already. A streamed body is compressed chunk by chunk, each one
    /// flushed, so server-sent events still arrive one by one. <c>Vary: Accept-Encoding</c> goes on every answer that the
    /// client's header could have changed.
    /// </remarks>
    public static CompressionOptions Compression(this RollApp app, CompressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        options ??= new CompressionOptions();
        var encodings = options.CheckedEncodings();
        app[Key] = options;
        app.OnResponse((request, response) => Compress(request, response, options, encodings));
        return options;
    }

    private static void Compress(Request request, Response response, CompressionOptions options, string[] encodings)
    {
        var headers = response.Headers;
        var status = (int)response.Status;
        var body = response.Body;
        if (status is < 200 or 204 or 206 || headers.Contains("Content-Encoding") || IsNoTransform(headers["Cache-Control"])
            || options.Skips(headers["Content-Type"]) || (body.IsEmpty && status != 304))
        {
            return;
        }
        AddVary(headers);
        if (status == 304 || request.Method == "HEAD")
        {
            return;
        }
        var encoding = ContentCoding.Choose(request.Headers["Accept-Encoding"], encodings, out var identityRefused);
        if (encoding is null)
        {
            return;
        }
        if (body.IsStreamed)
        {
            if (!identityRefused && long.TryParse(headers["Content-Length"], out var announced) && announced < options.MinimumSize)
            {
                return;
            }
            response.Body = ResponseBody.FromChunks(Compressor.CompressAsync(body.Value!, encoding, options.Level));
        }
        else
        {
            var bytes = body.Text is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : body.RawBytes;
            if (bytes.Length < options.MinimumSize && !identityRefused)
            {
                return;
            }
            if (body.Text is not null && !headers.Contains("Content-Type"))
            {
                // What the engine would have said of a text body, which the compressed bytes no longer are.
                headers["Content-Type"] = "text/plain; charset=utf-8";
            }
            response.Body = Compressor.Compress(bytes.Span, encoding, options.Level);
        }
        headers["Content-Encoding"] = encoding;
        headers.Remove("Content-Length");
        // Byte ranges count in the identity bytes, which this answer does not carry.
        headers.Remove("Accept-Ranges");
        if (headers["ETag"] is { } etag && !etag.StartsWith("W/", StringComparison.Ordinal))
        {
            // RFC 9110 §8.8.3: a strong tag promises these exact bytes; the compressed ones are only equivalent to them.
            headers["ETag"] = "W/" + etag;
        }
    }

    /// <summary>Adds Accept-Encoding to the Vary header, once.</summary>
    internal static void AddVary(ResponseHeaders headers)
    {
        var vary = headers["Vary"];
        if (vary is null)
        {
            headers["Vary"] = "Accept-Encoding";
        }
        else if (vary != "*" && !vary.Contains("Accept-Encoding", StringComparison.OrdinalIgnoreCase))
        {
            headers["Vary"] = vary + ", Accept-Encoding";
        }
    }

    private static bool IsNoTransform(string? cacheControl)
        => cacheControl is not null && cacheControl.Contains("no-transform", StringComparison.OrdinalIgnoreCase);
}
