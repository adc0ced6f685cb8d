using System.Net;
using System.Text;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace Roll;

/// <summary>Parses application/x-www-form-urlencoded and multipart/form-data bodies into a Form and Files, within <see cref="FormLimits"/>.</summary>
/// <remarks>
/// Both parsers read the body as a stream, a chunk at a time, and check every limit as they go: a body over a
/// limit is refused once the parser reaches the excess, having held no more than one field (or one small file).
/// </remarks>
internal static partial class FormParser
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>Parses the body into <paramref name="form"/> and <paramref name="files"/> when its media type is a form's; leaves them empty otherwise.</summary>
    public static void Parse(
        string contentType, Func<Stream> openBody, FormLimits limits, Form form, Files files, Action<IDisposable> disposeAfterRequest)
    {
        // RFC 9110 §8.3.1: the media type is the type/subtype before the parameters, case-insensitive. A parameter
        // that merely mentions a form type ("text/plain; x=multipart/form-data") makes nothing a form.
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return;
        }

        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            using var body = openBody();
            ParseMultipart(body, contentType, limits, form, files, disposeAfterRequest);
        }
        else if (mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            using var body = openBody();
            ParseUrlEncoded(body, limits, form);
        }
    }

    /// <summary>Adds the fields of a urlencoded body to <paramref name="form"/> and returns it.</summary>
    public static Form ParseUrlEncoded(Stream body, FormLimits limits, Form form)
    {
        // The pairs are split here, on '&', so that the key and value limits hold while a pair is still arriving and
        // only one pair is ever in memory; each is then decoded like a query string.
        var chunk = NewChunk(body);
        var pair = new MemoryStream();
        var equals = -1;
        var count = 0;
        int read;
        while ((read = body.Read(chunk)) > 0)
        {
            var span = chunk.AsSpan(0, read);
            while (true)
            {
                var end = span.IndexOf((byte)'&');
                var piece = end < 0 ? span : span[..end];
                if (equals < 0 && piece.IndexOf((byte)'=') is var at and >= 0)
                {
                    equals = (int)pair.Length + at;
                }

                pair.Write(piece);
                CheckPairLengths(pair.Length, equals, limits);
                if (end < 0)
                {
                    break;
                }

                AddPair(pair, ref count, limits, form);
                equals = -1;
                span = span[(end + 1)..];
            }
        }

        AddPair(pair, ref count, limits, form);
        return form;
    }

    // A small body gets a buffer its size: most forms are a few hundred bytes.
    private static byte[] NewChunk(Stream body) =>
        new byte[body.CanSeek ? (int)Math.Clamp(body.Length - body.Position, 1, ChunkSize) : ChunkSize];

    private static void CheckPairLengths(long length, int equals, FormLimits limits)
    {
        var keyLength = equals < 0 ? length : equals;
        if (keyLength > limits.KeyLengthLimit)
        {
            throw KeyTooLong(limits);
        }

        if (equals >= 0 && length - equals - 1 > limits.ValueLengthLimit)
        {
            throw ValueTooLong(limits);
        }
    }

    private static void AddPair(MemoryStream pair, ref int count, FormLimits limits, Form form)
    {
        // An empty pair ("a=1&&b=2") is no value, as in a query string.
        if (pair.Length == 0)
        {
            return;
        }

        if (++count > limits.ValueCountLimit)
        {
            throw TooManyValues(limits);
        }

        // The urlencoded syntax accepts any text (a field without '=' is a blank value, bad escapes stay as they
        // are, as in a query string), so the one thing that makes a body unparsable is bytes that are not UTF-8
        // (WHATWG URL §5.1): guessing another charset would silently corrupt the values. '&' is ASCII, so a body
        // is UTF-8 exactly when each of its pairs is.
        var bytes = pair.GetBuffer().AsSpan(0, (int)pair.Length);
        if (!Utf8.IsValid(bytes))
        {
            throw new HttpError(HttpStatusCode.BadRequest, "Unparsable urlencoded body");
        }

        form.AddEncoded(Encoding.UTF8.GetString(bytes));
        pair.SetLength(0);
    }

    private static HttpError TooManyValues(FormLimits limits) =>
        new(HttpStatusCode.BadRequest, $"Form value count limit {limits.ValueCountLimit} exceeded");

    private static HttpError KeyTooLong(FormLimits limits) =>
        new(HttpStatusCode.BadRequest, $"Form key length limit {limits.KeyLengthLimit} exceeded");

    private static HttpError ValueTooLong(FormLimits limits) =>
        new(HttpStatusCode.BadRequest, $"Form value length limit {limits.ValueLengthLimit} exceeded");
}
