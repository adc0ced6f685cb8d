using System.IO.Compression;

namespace Roll.Tests.Extensions;

/// <summary>Undoes a content coding with System.IO.Compression, as a client would.</summary>
internal static class Decompress
{
    public static byte[] Bytes(byte[] body, string? encoding)
    {
        if (encoding is null)
        {
            return body;
        }
        using var source = Open(new MemoryStream(body), encoding);
        var result = new MemoryStream();
        source.CopyTo(result);
        return result.ToArray();
    }

    public static Stream Open(Stream compressed, string encoding) => encoding switch
    {
        "br" => new BrotliStream(compressed, CompressionMode.Decompress),
        "gzip" => new GZipStream(compressed, CompressionMode.Decompress),
        _ => throw new ArgumentException($"Unknown coding {encoding}", nameof(encoding)),
    };
}
