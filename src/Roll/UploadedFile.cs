using System.Text;

namespace Roll;

/// <summary>A file uploaded in a multipart body: its field name, file name, content type, content and part headers.</summary>
/// <remarks>
/// A small file is held in memory; one over <see cref="FormLimits.MemoryBufferThreshold"/> is in a temporary file that
/// is deleted once the response is sent. <see cref="OpenRead"/> streams either without loading it whole.
/// </remarks>
public sealed class UploadedFile
{
    private readonly ArraySegment<byte> _memory;
    private readonly string? _path;
    private byte[]? _content;

    /// <summary>Creates an uploaded file; <paramref name="headers"/> are the headers of its part.</summary>
    public UploadedFile(
        string name,
        string fileName,
        string contentType,
        byte[] content,
        IReadOnlyDictionary<string, string>? headers = null)
        : this(name, fileName, contentType, headers)
    {
        ArgumentNullException.ThrowIfNull(content);
        _memory = content;
        _content = content;
        Length = content.LongLength;
    }

    // A file whose content is the first bytes of a buffer the parser filled.
    internal UploadedFile(string name, string fileName, string contentType, ArraySegment<byte> content, IReadOnlyDictionary<string, string> headers)
        : this(name, fileName, contentType, headers)
    {
        _memory = content;
        Length = content.Count;
    }

    // A file whose content is in a temporary file that the request deletes once the response is sent.
    internal UploadedFile(string name, string fileName, string contentType, string path, long length, IReadOnlyDictionary<string, string> headers)
        : this(name, fileName, contentType, headers)
    {
        _path = path;
        Length = length;
    }

    private UploadedFile(string name, string fileName, string contentType, IReadOnlyDictionary<string, string>? headers)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(contentType);
        Name = name;
        FileName = fileName;
        ContentType = contentType;

        // Copied so that lookups are case-insensitive whatever dictionary the caller passed.
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (headers is not null)
        {
            foreach (var (key, value) in headers)
            {
                copy[key] = value;
            }
        }

        Headers = copy;
    }

    /// <summary>The name of the form field the file was sent in.</summary>
    public string Name { get; }

    /// <summary>The file name the client gave, as sent (it may contain a path: never trust it as one).</summary>
    public string FileName { get; }

    /// <summary>The content type the client gave, application/octet-stream when it gave none.</summary>
    public string ContentType { get; }

    /// <summary>The bytes of the file, made into one array on first use: for a big file, prefer <see cref="OpenRead"/>.</summary>
    public byte[] Content => _content ??= _path is null ? _memory.ToArray() : File.ReadAllBytes(_path);

    /// <summary>The size of the file in bytes.</summary>
    public long Length { get; }

    /// <summary>The headers of the multipart part, with case-insensitive names.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    // Where the content is kept when it is not in memory; null when it is.
    internal string? TemporaryPath => _path;

    /// <summary>A read-only stream over the content, from memory or from its temporary file; dispose it when done.</summary>
    public Stream OpenRead() => _path is null
        ? new MemoryStream(_memory.Array ?? [], _memory.Offset, _memory.Count, writable: false)
        : new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>The content decoded as UTF-8.</summary>
    public string ReadText() => _path is null ? Encoding.UTF8.GetString(_memory) : Encoding.UTF8.GetString(Content);
}
