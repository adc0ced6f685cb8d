using System.Net;
using Microsoft.Net.Http.Headers;
using Roll.Routing;

namespace Roll;

/// <summary>The <c>static</c> extension: the files under a folder, served under a URL prefix. A development convenience: in production let nginx (or a CDN) serve them.</summary>
public static class StaticExtensions
{
    /// <summary>Serves the files under <paramref name="root"/> at <paramref name="prefix"/>, never a file outside it; GET and HEAD, conditional and range requests.</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="root">The folder to serve; it must exist. Symbolic links are followed only while they stay inside it.</param>
    /// <param name="prefix">The URL prefix, such as <c>/static/</c>.</param>
    /// <param name="defaultIndex">The file served for a folder, such as <c>index.html</c>; folders are 404 when empty.</param>
    /// <param name="name">The route's name, for <see cref="NamedUrlExtensions.NamedUrl"/>: <c>urlFor("static", ("path", "css/site.css"))</c>.</param>
    /// <param name="contentTypes">Content types by extension (<c>[".glb"] = "model/gltf-binary"</c>) that add to or override <see cref="ContentTypes.Map"/>.</param>
    /// <returns>The route, whose one placeholder is <c>{path:any}</c>.</returns>
    /// <remarks>
    /// With <see cref="CompressionExtensions.Compression"/> on, a file's <c>.br</c> or <c>.gz</c> sibling (<c>app.js.br</c>) is
    /// sent instead when the client accepts its coding: with its own ETag, and byte ranges counted in its bytes.
    /// </remarks>
    public static Route Static(this RollApp app, string root, string prefix = "/static/", string defaultIndex = "", string name = "static",
        IReadOnlyDictionary<string, string>? contentTypes = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.StartsWith('/') || prefix.Contains('{') || prefix.Contains('}'))
        {
            throw new ArgumentException($"The static prefix '{prefix}' must start with '/' and hold no placeholder, as in \"/static/\".", nameof(prefix));
        }
        if (defaultIndex.Contains('/') || defaultIndex.Contains('\\') || defaultIndex is "." or "..")
        {
            throw new ArgumentException($"The default index '{defaultIndex}' must be a file name, such as \"index.html\".", nameof(defaultIndex));
        }
        var full = RealPath.Resolve(Path.GetFullPath(root));
        if (full is null || !Directory.Exists(full))
        {
            throw new ArgumentException($"The static root '{root}' is not a folder (resolved to '{Path.GetFullPath(root)}').", nameof(root));
        }
        var files = new StaticFiles(full, defaultIndex, contentTypes);
        var pattern = (prefix.EndsWith('/') ? prefix : prefix + "/") + "{path:any}";
        return app.Route(pattern, files.ServeAsync, methods: ["GET"], name: name);
    }

    private sealed class StaticFiles(string root, string defaultIndex, IReadOnlyDictionary<string, string>? contentTypes)
    {
        private static readonly char[] s_invalid = Path.GetInvalidFileNameChars();

        public Task ServeAsync(Request request, Response response)
        {
            var file = Find(request.Route.Vars["path"], request.Path);
            if (file is null)
            {
                // A folder asked for without its trailing slash: its index's relative links need the slash.
                response.Redirect(FolderLocation(request), HttpStatusCode.MovedPermanently);
                return Task.CompletedTask;
            }
            Send(file, request, response);
            return Task.CompletedTask;
        }

        /// <summary>Where a folder asked for without its slash lives: its path-absolute URL, re-encoded from the decoded path.</summary>
        /// <remarks>
        /// Never the raw target: an absolute-form target (<c>GET http://evil.example/static/css</c>) would send the client, and
        /// any cache on the way, to another host, and a fragment in it would end up before the slash (RFC 3986 §3.5).
        /// The path starts with the route's prefix, so the result starts with one slash and a segment, never <c>//host</c>.
        /// </remarks>
        private static string FolderLocation(Request request)
        {
            var segments = request.Path.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                segments[i] = Uri.EscapeDataString(segments[i]);
            }
            var location = string.Join('/', segments) + "/";
            var query = request.QueryString;
            var fragment = query.IndexOf('#');
            query = fragment < 0 ? query : query[..fragment];
            return query.Length == 0 ? location : location + "?" + query;
        }

        /// <summary>The file a path names under the root; null for a folder that needs its trailing slash; a 400 or 404 for anything else.</summary>
        private FileInfo? Find(string path, string requestPath)
        {
            // The path is percent-decoded already ("%2e%2e" is ".." here, "%2f" is "/", and a NUL was refused by the parser).
            if (path.StartsWith('/') || path.Contains('\\') || path.Contains('\0'))
            {
                throw new HttpError(HttpStatusCode.BadRequest, "Invalid static file path");
            }
            var segments = path.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                if (segment is "." or ".." || (segment.Length == 0 && i < segments.Length - 1) || segment.IndexOfAny(s_invalid) >= 0)
                {
                    throw new HttpError(HttpStatusCode.BadRequest, "Invalid static file path");
                }
            }
            // Dotfiles and dot-folders (.git, .env, .htpasswd) are private by convention: they are not served, as if absent.
            if (segments.Any(segment => segment.StartsWith('.')))
            {
                throw RollApp.NotFound(requestPath);
            }
            // Symbolic links are resolved before the check, so that one leading out of the root is caught.
            var full = Inside(Path.Join(root, string.Join(Path.DirectorySeparatorChar, segments)));
            if (full is not null && Directory.Exists(full))
            {
                if (defaultIndex.Length == 0)
                {
                    throw RollApp.NotFound(requestPath);
                }
                if (path.Length > 0 && !path.EndsWith('/'))
                {
                    return null;
                }
                full = Inside(Path.Join(full, defaultIndex));
            }
            else if (path.EndsWith('/'))
            {
                // A trailing slash (or an encoded one, %2f) names a folder: "about.txt/" is not the file about.txt.
                throw RollApp.NotFound(requestPath);
            }
            if (full is null || !File.Exists(full))
            {
                throw RollApp.NotFound(requestPath);
            }
            return new FileInfo(full);
        }

        /// <summary>The real path, when it is under the root and no dot-folder or dotfile on the way (a link may lead to one).</summary>
        private string? Inside(string path)
        {
            var real = RealPath.Resolve(path);
            return real is not null && real.StartsWith(root, StringComparison.Ordinal)
                && (real.Length == root.Length || real[root.Length] == Path.DirectorySeparatorChar || root.EndsWith(Path.DirectorySeparatorChar))
                && !real[root.Length..].Contains(Path.DirectorySeparatorChar + ".", StringComparison.Ordinal)
                && !real[root.Length..].StartsWith('.')
                ? real
                : null;
        }

        private void Send(FileInfo file, Request request, Response response)
        {
            var type = contentTypes is not null && contentTypes.TryGetValue(file.Extension, out var known) ? known : ContentTypes.For(file.Name);
            if (request.App[CompressionExtensions.Key] is CompressionOptions compression && !compression.Skips(type)
                && Precompressed(file, request, response, compression) is { } sibling)
            {
                // The sibling is the representation sent: its own ETag, dates and byte ranges; the type is the original's.
                response.Headers["Content-Encoding"] = sibling.Encoding;
                file = sibling.File;
            }
            var length = file.Length;
            var modified = new DateTimeOffset(file.LastWriteTimeUtc.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
            // A sibling's tag names its coding too: never the identity file's, whatever their sizes and dates.
            var coding = response.Headers["Content-Encoding"] is { } encoding ? "-" + encoding : "";
            var etag = new EntityTagHeaderValue($"\"{length:x}-{file.LastWriteTimeUtc.Ticks:x}{coding}\"");
            response.Headers["ETag"] = etag.ToString();
            response.Headers["Last-Modified"] = HeaderUtilities.FormatDate(modified);
            if (IsNotModified(request, etag, modified))
            {
                response.Status = HttpStatusCode.NotModified;
                return;
            }
            response.Headers["Accept-Ranges"] = "bytes";
            long start = 0;
            var count = length;
            if (RangeOf(request, etag, modified, length) is { } range)
            {
                if (range.Count == 0)
                {
                    // The answer is about the range, not the file: a plain text one, not the file's type.
                    response.Status = HttpStatusCode.RequestedRangeNotSatisfiable;
                    response.Headers["Content-Range"] = $"bytes */{length}";
                    response.Headers["Content-Type"] = "text/plain; charset=utf-8";
                    return;
                }
                (start, count) = range;
                response.Status = HttpStatusCode.PartialContent;
                response.Headers["Content-Range"] = $"bytes {start}-{start + count - 1}/{length}";
            }
            response.Headers["Content-Type"] = type;
            response.Headers["Content-Length"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (request.Method == "HEAD")
            {
                return;
            }
            FileStream stream;
            try
            {
                stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new HttpError(HttpStatusCode.NotFound, request.Path, error);
            }
            stream.Position = start;
            // Bounded to the length announced: a file that grows while it is sent must not overrun Content-Length.
            response.Body = new FileSlice(stream, count);
        }

        /// <summary>The <c>.br</c> or <c>.gz</c> file beside <paramref name="file"/> that the client accepts, if any; Vary is set when one exists.</summary>
        private (FileInfo File, string Encoding)? Precompressed(FileInfo file, Request request, Response response, CompressionOptions compression)
        {
            List<string>? offered = null;
            foreach (var encoding in compression.Encodings)
            {
                var sibling = Inside(file.FullName + (encoding == "br" ? ".br" : ".gz"));
                if (sibling is not null && File.Exists(sibling))
                {
                    (offered ??= []).Add(encoding);
                }
            }
            if (offered is null)
            {
                return null;
            }
            CompressionExtensions.AddVary(response.Headers);
            return ContentCoding.Choose(request.Headers["Accept-Encoding"], offered, out _) is { } chosen
                ? (new FileInfo(file.FullName + (chosen == "br" ? ".br" : ".gz")), chosen)
                : null;
        }

        // RFC 9110 §13.1.2 and §13.1.3: If-None-Match (weak comparison) wins over If-Modified-Since.
        private static bool IsNotModified(Request request, EntityTagHeaderValue etag, DateTimeOffset modified)
        {
            if (request.Headers["If-None-Match"] is { } noneMatch)
            {
                return EntityTagHeaderValue.TryParseList([noneMatch], out var tags)
                    && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
            }
            return request.Headers["If-Modified-Since"] is { } since && HeaderUtilities.TryParseDate(since, out var date) && modified <= date;
        }

        /// <summary>The single byte range asked for: null to send the whole file, a count of 0 when it cannot be satisfied.</summary>
        private static (long Start, long Count)? RangeOf(Request request, EntityTagHeaderValue etag, DateTimeOffset modified, long length)
        {
            // RFC 9110 §14.2: a Range that cannot be parsed, of another unit, or of several ranges may be ignored.
            if (request.Headers["Range"] is not { } header || length == 0
                || !RangeHeaderValue.TryParse(header, out var parsed) || !"bytes".Equals(parsed.Unit.Value, StringComparison.OrdinalIgnoreCase)
                || parsed.Ranges.Count != 1 || !IfRangeHolds(request, etag, modified))
            {
                return null;
            }
            var range = parsed.Ranges.First();
            if (range.From is { } from)
            {
                if (from >= length)
                {
                    return (0, 0);
                }
                var to = Math.Min(range.To ?? length - 1, length - 1);
                return (from, to - from + 1);
            }
            var suffix = range.To ?? 0;
            return suffix == 0 ? (0, 0) : (Math.Max(0, length - suffix), Math.Min(suffix, length));
        }

        // RFC 9110 §13.1.5: a range is honoured only while the file is the one the client has part of (strong comparison).
        private static bool IfRangeHolds(Request request, EntityTagHeaderValue etag, DateTimeOffset modified)
        {
            if (request.Headers["If-Range"] is not { } ifRange)
            {
                return true;
            }
            if (ifRange.StartsWith('"') || ifRange.StartsWith("W/", StringComparison.Ordinal))
            {
                return EntityTagHeaderValue.TryParse(ifRange, out var tag) && tag.Compare(etag, useStrongComparison: true);
            }
            return HeaderUtilities.TryParseDate(ifRange, out var date) && date == modified;
        }
    }
}
