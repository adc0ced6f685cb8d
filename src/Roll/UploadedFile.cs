using System.Text;

namespace Roll;

/// <summary>A file uploaded in a multipart body: its field name, file name, content type, content and part headers.</summary>
public sealed class UploadedFile
{
    /// <summary>Creates an uploaded file; <paramref name="headers"/> are the headers of its part.</summary>
    public UploadedFile(
        string name,
        string fileName,
        string contentType,
        byte[] content,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(content);
        Name = name;
        FileName = fileName;
        ContentType = contentType;
        Content = content;

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

    /// <summary>The bytes of the file.</summary>
    public byte[] Content { get; }

    /// <summary>The size of the file in bytes.</summary>
    public long Length => Content.LongLength;

    /// <summary>The headers of the multipart part, with case-insensitive names.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>A read-only stream over the content.</summary>
    public Stream OpenRead() => new MemoryStream(Content, writable: false);

    /// <summary>The content decoded as UTF-8.</summary>
    public string ReadText() => Encoding.UTF8.GetString(Content);
}
