using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Roll;

/// <summary>Parses application/x-www-form-urlencoded and multipart/form-data bodies into a Form and Files.</summary>
internal static class FormParser
{
    private const string DefaultFileContentType = "application/octet-stream";

    // RFC 2046 §5.1.1: a boundary is 1 to 70 characters.
    private const int MaxBoundaryLength = 70;

    /// <summary>Adds the fields of a urlencoded body to <paramref name="form"/> and returns it.</summary>
    public static Form ParseUrlEncoded(ReadOnlySpan<byte> body, Form form)
    {
        // The urlencoded syntax accepts any text (a field without '=' is a blank value, bad escapes stay as
        // they are, as in a query string), so the one thing that makes a body unparsable is bytes that are
        // not UTF-8 (WHATWG URL §5.1): guessing another charset would silently corrupt the values.
        if (!Utf8.IsValid(body))
        {
            throw new HttpError(HttpStatusCode.BadRequest, "Unparsable urlencoded body");
        }

        form.AddEncoded(Encoding.UTF8.GetString(body));
        return form;
    }

    /// <summary>Adds the values of a multipart body to <paramref name="form"/> and its files to <paramref name="files"/>.</summary>
    public static void ParseMultipart(ReadOnlyMemory<byte> body, string contentType, Form form, Files files)
    {
        var boundary = GetBoundary(contentType);
        using var stream = AsStream(body);
        var reader = new MultipartReader(boundary, stream);
        try
        {
            while (ReadNextSection(reader) is { } section)
            {
                AddSection(section, form, files);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // IOException: the body ends before the closing boundary; InvalidDataException: a malformed
            // header line or a part over MultipartReader's header limits.
            throw Unparsable(e);
        }
    }

    private static string GetBoundary(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            throw Unparsable();
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary);
        if (boundary.Length is 0 or > MaxBoundaryLength)
        {
            throw Unparsable();
        }

        return boundary.ToString();
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);

    private static MultipartSection? ReadNextSection(MultipartReader reader)
    {
        // MultipartReader only reads asynchronously, but its stream is a MemoryStream whose reads complete
        // synchronously, so the task has already finished here and taking its result never blocks a thread.
        var task = reader.ReadNextSectionAsync();
        Debug.Assert(task.IsCompleted);
        return task.GetAwaiter().GetResult();
    }

    private static void AddSection(MultipartSection section, Form form, Files files)
    {
        // RFC 7578 §4.2: every part has a Content-Disposition with a name. The Name and FileName getters
        // already remove the quotes; FileNameStar is decoded from RFC 5987 and wins over FileName (RFC 6266 §4.3).
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.Name.HasValue)
        {
            throw Unparsable();
        }

        var name = disposition.Name.ToString();
        var content = ReadContent(section);

        // A filename, even an empty one (a file input left empty), marks a file: the field was a file input.
        if (disposition.FileNameStar.HasValue || disposition.FileName.HasValue)
        {
            var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in section.Headers ?? [])
            {
                headers[key] = value.ToString();
            }

            files.Add(name, new UploadedFile(
                name, fileName.ToString(), section.ContentType ?? DefaultFileContentType, content, headers));
        }
        else
        {
            // Browsers send form values as UTF-8 (HTML §4.10.21.8); anything else would be silently corrupted.
            if (!Utf8.IsValid(content))
            {
                throw Unparsable();
            }

            form.Add(name, Encoding.UTF8.GetString(content));
        }
    }

    private static byte[] ReadContent(MultipartSection section)
    {
        // The section stream reads synchronously from the in-memory body.
        using var buffer = new MemoryStream();
        section.Body.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static HttpError Unparsable(Exception? innerException = null) =>
        new(HttpStatusCode.BadRequest, "Unparsable multipart body", innerException);
}
