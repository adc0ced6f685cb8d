using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Roll;

internal static partial class FormParser
{
    private const string DefaultFileContentType = "application/octet-stream";

    /// <summary>Adds the values of a multipart body to <paramref name="form"/> and its files to <paramref name="files"/>; files over the memory threshold go to temporary files given to <paramref name="disposeAfterRequest"/>.</summary>
    public static void ParseMultipart(
        Stream body, string contentType, FormLimits limits, Form form, Files files, Action<IDisposable> disposeAfterRequest)
    {
        var boundary = GetBoundary(contentType, limits);
        var reader = new MultipartReader(boundary, new SynchronousReadStream(body))
        {
            HeadersCountLimit = limits.MultipartHeadersCountLimit,
            HeadersLengthLimit = limits.MultipartHeadersLengthLimit,
        };
        var chunk = NewChunk(body);
        var value = new MemoryStream();
        var parts = 0;
        while (ReadNextSection(reader) is { } section)
        {
            // As ASP.NET Core does, the value count limit counts files too: it bounds the parts.
            if (++parts > limits.ValueCountLimit)
            {
                throw TooManyValues(limits);
            }

            AddSection(section, limits, form, files, disposeAfterRequest, chunk, value);
        }
    }

    private static string GetBoundary(string contentType, FormLimits limits)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            throw Unparsable();
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary);
        if (boundary.Length == 0)
        {
            throw Unparsable();
        }

        if (boundary.Length > limits.MultipartBoundaryLengthLimit)
        {
            throw new HttpError(HttpStatusCode.BadRequest,
                $"Multipart boundary length limit {limits.MultipartBoundaryLengthLimit} exceeded");
        }

        return boundary.ToString();
    }

    private static MultipartSection? ReadNextSection(MultipartReader reader)
    {
        // MultipartReader only reads asynchronously, but every read of its stream completes synchronously
        // (SynchronousReadStream), so the task has already finished here and taking its result never blocks.
        try
        {
            var task = reader.ReadNextSectionAsync();
            Debug.Assert(task.IsCompleted);
            return task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // IOException: the body ends before the closing boundary; InvalidDataException: a malformed header
            // line, or a part over the header count or length limit.
            throw Unparsable(e);
        }
    }

    private static void AddSection(
        MultipartSection section, FormLimits limits, Form form, Files files, Action<IDisposable> disposeAfterRequest,
        byte[] chunk, MemoryStream value)
    {
        // RFC 7578 §4.2: every part has a Content-Disposition with a name.
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.Name.HasValue)
        {
            throw Unparsable();
        }

        var name = disposition.Name.ToString();
        if (name.Length > limits.KeyLengthLimit)
        {
            throw KeyTooLong(limits);
        }

        if (FileNameOf(disposition) is { } fileName)
        {
            files.Add(name, ReadFile(section, name, fileName, limits, disposeAfterRequest, chunk));
            return;
        }

        value.SetLength(0);
        long length = 0;
        int read;
        while ((read = ReadPart(section, chunk)) > 0)
        {
            length += read;
            if (length > limits.ValueLengthLimit)
            {
                throw ValueTooLong(limits);
            }

            value.Write(chunk, 0, read);
        }

        // Browsers send form values as UTF-8 (HTML §4.10.21.8); anything else would be silently corrupted.
        var bytes = value.GetBuffer().AsSpan(0, (int)value.Length);
        if (!Utf8.IsValid(bytes))
        {
            throw Unparsable();
        }

        form.Add(name, Encoding.UTF8.GetString(bytes));
    }

    // A filename parameter, even an empty one (a file input left empty), marks a file. The getters remove the
    // quotes and decode filename* (RFC 8187), which wins over filename (RFC 6266 §4.3). A filename* they cannot
    // decode (a raw non-ASCII byte, a bad escape) still marks a file: its name is then filename, or filename*
    // decoded leniently, never a reason to lose the upload.
    private static string? FileNameOf(ContentDispositionHeaderValue disposition)
    {
        if (disposition.FileNameStar.HasValue)
        {
            return disposition.FileNameStar.ToString();
        }

        if (disposition.FileName.HasValue)
        {
            return disposition.FileName.ToString();
        }

        foreach (var parameter in disposition.Parameters)
        {
            if (parameter.Name.Equals("filename*", StringComparison.OrdinalIgnoreCase))
            {
                return DecodeLeniently(HeaderUtilities.RemoveQuotes(parameter.Value).ToString());
            }
        }

        return null;
    }

    // RFC 8187 §3.2: charset'language'percent-encoded-bytes. Escapes that make no UTF-8 stay as they are, and a
    // value without the two quotes is taken as it came.
    private static string DecodeLeniently(string value)
    {
        var charsetEnd = value.IndexOf('\'');
        var languageEnd = charsetEnd < 0 ? -1 : value.IndexOf('\'', charsetEnd + 1);
        return languageEnd < 0 ? value : Uri.UnescapeDataString(value[(languageEnd + 1)..]);
    }

    private static UploadedFile ReadFile(
        MultipartSection section, string name, string fileName, FormLimits limits, Action<IDisposable> disposeAfterRequest,
        byte[] chunk)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in section.Headers ?? [])
        {
            headers[key] = values.ToString();
        }

        var contentType = section.ContentType ?? DefaultFileContentType;
        var memory = new MemoryStream();
        FileStream? file = null;
        long length = 0;
        try
        {
            int read;
            while ((read = ReadPart(section, chunk)) > 0)
            {
                length += read;
                if (length > limits.MultipartBodyLengthLimit)
                {
                    throw new HttpError(HttpStatusCode.RequestEntityTooLarge,
                        $"Multipart body length limit {limits.MultipartBodyLengthLimit} exceeded");
                }

                if (file is null && length > limits.MemoryBufferThreshold)
                {
                    file = CreateTemporaryFile(disposeAfterRequest);
                    file.Write(memory.GetBuffer(), 0, (int)memory.Length);
                }

                (file ?? (Stream)memory).Write(chunk, 0, read);
            }
        }
        finally
        {
            file?.Dispose();
        }

        return file is null
            ? new UploadedFile(name, fileName, contentType, new ArraySegment<byte>(memory.GetBuffer(), 0, (int)memory.Length), headers)
            : new UploadedFile(name, fileName, contentType, file.Name, length, headers);
    }

    private static FileStream CreateTemporaryFile(Action<IDisposable> disposeAfterRequest)
    {
        var path = Path.Combine(Path.GetTempPath(), "roll-upload-" + Path.GetRandomFileName());
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        disposeAfterRequest(new TemporaryFile(path));
        return file;
    }

    private static int ReadPart(MultipartSection section, byte[] chunk)
    {
        try
        {
            return section.Body.Read(chunk);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // The body ends inside the part, before its closing boundary.
            throw Unparsable(e);
        }
    }

    private static HttpError Unparsable(Exception? innerException = null) =>
        new(HttpStatusCode.BadRequest, "Unparsable multipart body", innerException);

    /// <summary>Deletes an uploaded file's temporary copy once the response is sent.</summary>
    private sealed class TemporaryFile(string path) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone or locked: nothing more can be done for it here, and the response has been sent already.
            }
        }
    }

    /// <summary>Answers MultipartReader's asynchronous reads synchronously, from the buffered body (memory or a local file), so that the form is parsed without blocking on a task.</summary>
    private sealed class SynchronousReadStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(inner.Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(inner.Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
