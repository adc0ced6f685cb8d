using System.Collections.Frozen;

namespace Roll;

/// <summary>The content type of a file from its extension, for the <c>static</c> extension and handlers that send files.</summary>
/// <remarks>
/// No well-kept NuGet package carries such a map on its own (ASP.NET Core's lives in its shared framework), so Roll keeps
/// this short one of the types a web site serves, from the IANA media types registry; give <c>static</c> a map of your own
/// for the rest. Text types say UTF-8, which is what a site's files are nowadays.
/// </remarks>
public static class ContentTypes
{
    /// <summary>What a file of an unknown extension is sent as.</summary>
    public const string Fallback = "application/octet-stream";

    /// <summary>The content type of each known extension (with its dot, case-insensitive).</summary>
    public static IReadOnlyDictionary<string, string> Map { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // Text and documents.
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".xml"] = "application/xml",
        [".json"] = "application/json",
        [".map"] = "application/json",
        [".jsonld"] = "application/ld+json",
        [".webmanifest"] = "application/manifest+json",
        [".rss"] = "application/rss+xml",
        [".atom"] = "application/atom+xml",
        [".pdf"] = "application/pdf",
        [".wasm"] = "application/wasm",
        [".ics"] = "text/calendar; charset=utf-8",
        [".vtt"] = "text/vtt; charset=utf-8",

        // Images.
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".svg"] = "image/svg+xml",
        [".ico"] = "image/vnd.microsoft.icon",
        [".bmp"] = "image/bmp",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",

        // Fonts.
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
        [".ttf"] = "font/ttf",
        [".otf"] = "font/otf",

        // Audio and video.
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".oga"] = "audio/ogg",
        [".wav"] = "audio/wav",
        [".flac"] = "audio/flac",
        [".m4a"] = "audio/mp4",
        [".mp4"] = "video/mp4",
        [".m4v"] = "video/mp4",
        [".webm"] = "video/webm",
        [".ogv"] = "video/ogg",
        [".mov"] = "video/quicktime",

        // Archives.
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".7z"] = "application/x-7z-compressed",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The content type of a file name or path by its extension, or <see cref="Fallback"/>.</summary>
    public static string For(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Map.TryGetValue(Path.GetExtension(fileName), out var type) ? type : Fallback;
    }
}
