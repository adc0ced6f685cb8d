using System.IO.Compression;

namespace Roll;

/// <summary>What the <c>compression</c> extension compresses, and how: the encodings offered, the level, the smallest body and the types left alone.</summary>
public sealed class CompressionOptions
{
    /// <summary>The smallest body compressed, in bytes (1024 unless set): below it the coding costs more than it saves. A streamed body, of unknown size, is always compressed.</summary>
    public int MinimumSize { get; set; } = 1024;

    /// <summary>How hard to compress: <see cref="CompressionLevel.Fastest"/> unless set (brotli quality 1, gzip level 1).</summary>
    public CompressionLevel Level { get; set; } = CompressionLevel.Fastest;

    /// <summary>The content codings offered, preferred first when the client rates two alike: <c>br</c> then <c>gzip</c>; both are all Roll knows.</summary>
    public IList<string> Encodings { get; } = ["br", "gzip"];

    /// <summary>Media types sent as they are, compressed already (case-insensitive); <c>image/*</c> names a whole top-level type. SVG is compressed, being text.</summary>
    public ISet<string> SkippedTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/heic", "image/x-icon", "image/vnd.microsoft.icon",
        "audio/*", "video/*",
        "font/woff", "font/woff2",
        "application/zip", "application/gzip", "application/x-gzip", "application/zstd", "application/x-bzip2", "application/x-xz",
        "application/x-7z-compressed", "application/vnd.rar", "application/x-rar-compressed", "application/pdf", "application/wasm",
    };

    /// <summary>Whether a body of this Content-Type (parameters allowed) is left alone.</summary>
    internal bool Skips(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }
        var semicolon = contentType.IndexOf(';');
        var type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        if (SkippedTypes.Contains(type))
        {
            return true;
        }
        var slash = type.IndexOf('/');
        return slash > 0 && SkippedTypes.Contains(string.Concat(type.AsSpan(0, slash), "/*"));
    }

    /// <summary>The checked list of codings: known ones only, at least one.</summary>
    internal string[] CheckedEncodings()
    {
        if (Encodings.Count == 0)
        {
            throw new ArgumentException("Compression needs at least one encoding: \"br\", \"gzip\" or both.");
        }
        foreach (var encoding in Encodings)
        {
            if (encoding is not ("br" or "gzip"))
            {
                throw new ArgumentException($"Roll compresses with \"br\" and \"gzip\" only, not \"{encoding}\".");
            }
        }
        return [.. Encodings];
    }
}
