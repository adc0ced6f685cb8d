namespace Roll;

/// <summary>The limits of the form parser (<see cref="Request.Form"/>, <see cref="Request.Files"/>); the names and defaults are ASP.NET Core's <c>FormOptions</c>.</summary>
/// <remarks>
/// The parser checks them as it reads, so that a body over a limit is refused before it costs more memory than
/// itself: 400 Bad Request for a count, a key, a value or part headers, 413 Content Too Large for a part's size.
/// </remarks>
public sealed class FormLimits
{
    /// <summary>The most values a form may hold, multipart parts (fields and files) included (400 beyond); 1,024 by default.</summary>
    public int ValueCountLimit { get; set; } = 1024;

    /// <summary>The longest key (field name) as sent, still encoded (400 beyond); 2,048 by default.</summary>
    public int KeyLengthLimit { get; set; } = 2048;

    /// <summary>The longest value of a field as sent, still encoded (400 beyond); 4 MiB (4,194,304) by default. Files are held to <see cref="MultipartBodyLengthLimit"/> instead.</summary>
    public int ValueLengthLimit { get; set; } = 4 * 1024 * 1024;

    /// <summary>The longest multipart boundary (400 beyond); 128 by default.</summary>
    public int MultipartBoundaryLengthLimit { get; set; } = 128;

    /// <summary>The most header lines a multipart part may have (400 beyond); 16 by default.</summary>
    public int MultipartHeadersCountLimit { get; set; } = 16;

    /// <summary>The largest total size of a multipart part's headers (400 beyond); 16 KiB (16,384) by default.</summary>
    public int MultipartHeadersLengthLimit { get; set; } = 16 * 1024;

    /// <summary>The largest multipart part, a file's content (413 beyond); 128 MiB (134,217,728) by default, so the body limit usually comes first.</summary>
    public long MultipartBodyLengthLimit { get; set; } = 128 * 1024 * 1024;

    /// <summary>The largest uploaded file kept in memory; a bigger one is written to a temporary file deleted after the request. 64 KiB (65,536) by default.</summary>
    public int MemoryBufferThreshold { get; set; } = 64 * 1024;
}
