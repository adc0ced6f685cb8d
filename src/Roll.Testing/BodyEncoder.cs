using System.Collections;
using System.Globalization;
using System.Text;

namespace Roll.Testing;

/// <summary>A request body ready to send, with the Content-Type that describes it.</summary>
internal readonly record struct EncodedBody(byte[] Content, string ContentType);

/// <summary>Encodes a test request body from its content type, as Roll's test client does.</summary>
/// <remarks>
/// Without a content type: a string is text/plain, bytes are application/octet-stream, anything else is JSON.
/// With application/x-www-form-urlencoded or multipart/form-data (or when files are given), a dictionary becomes
/// the form's fields. A string or bytes are always sent as they are, under the content type given.
/// </remarks>
internal static class BodyEncoder
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private const string FormContentType = "application/x-www-form-urlencoded";
    private const string MultipartContentType = "multipart/form-data";

    /// <summary>Encodes <paramref name="body"/>; null when there is nothing to send.</summary>
    /// <param name="body">The body: text, bytes, a dictionary of fields, a JsonNode or any object to send as JSON.</param>
    /// <param name="contentType">The content type asked for, or null to choose from the body.</param>
    /// <param name="files">Files to upload, which make the body multipart.</param>
    /// <param name="serializeJson">Serialises a value that <see cref="JsonBodyWriter"/> cannot write without reflection.</param>
    public static EncodedBody? Encode(object? body, string? contentType, IEnumerable<TestFile>? files, Func<object, byte[]> serializeJson)
    {
        var fileList = files?.ToList() ?? [];
        if (fileList.Count > 0 || IsMediaType(contentType, MultipartContentType))
        {
            if (body is string or byte[] && fileList.Count == 0 && Boundary(contentType) is not null)
            {
                // Already encoded by the caller, boundary included: sent as it is.
                return new EncodedBody(AsBytes(body), contentType!);
            }
            return EncodeMultipart(body, contentType, fileList);
        }
        switch (body)
        {
            case null:
                return null;
            case string text:
                return new EncodedBody(Encoding.UTF8.GetBytes(text), contentType ?? "text/plain; charset=utf-8");
            case byte[] bytes:
                return new EncodedBody(bytes, contentType ?? "application/octet-stream");
        }
        if (IsMediaType(contentType, FormContentType))
        {
            var encoded = string.Join('&', Fields(body).Select(
                field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}"));
            return new EncodedBody(Encoding.UTF8.GetBytes(encoded), contentType!);
        }
        if (contentType is null || IsJson(contentType))
        {
            return new EncodedBody(JsonBodyWriter.TrySerialize(body) ?? serializeJson(body), contentType ?? JsonContentType);
        }
        throw new ArgumentException(
            $"A {body.GetType().Name} body cannot be sent as '{contentType}': give a string or bytes, "
            + "a dictionary for a form, or a JSON content type.", nameof(body));
    }

    private static EncodedBody EncodeMultipart(object? body, string? contentType, List<TestFile> files)
    {
        if (body is string or byte[])
        {
            throw new ArgumentException(
                "A multipart body is made from a dictionary of fields and files; to send one already encoded, "
                + "give it as a string or bytes with its boundary in the content type, and no files.", nameof(body));
        }
        var boundary = Boundary(contentType);
        if (boundary is null)
        {
            boundary = "RollTestBoundary" + Guid.NewGuid().ToString("N");
            contentType = $"{MultipartContentType}; boundary={boundary}";
        }
        var content = new MemoryStream();
        var fields = body is null ? [] : Fields(body);
        foreach (var (name, value) in fields)
        {
            // RFC 7578 §4.2: each part names its field in a form-data Content-Disposition.
            WriteText(content, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{Quote(name)}\"\r\n\r\n{value}\r\n");
        }
        foreach (var file in files)
        {
            WriteText(content, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{Quote(file.Field)}\"; "
                + $"filename=\"{Quote(file.FileName)}\"\r\nContent-Type: {file.ContentType}\r\n\r\n");
            content.Write(file.Content);
            WriteText(content, "\r\n");
        }
        WriteText(content, $"--{boundary}--\r\n");
        return new EncodedBody(content.ToArray(), contentType!);
    }

    /// <summary>The fields of a form body: each key with each of its values, in order.</summary>
    private static List<KeyValuePair<string, string>> Fields(object body)
    {
        var fields = new List<KeyValuePair<string, string>>();
        switch (body)
        {
            case IEnumerable<KeyValuePair<string, string>> pairs:
                fields.AddRange(pairs);
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    AddField(fields, key, value);
                }
                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    AddField(fields, Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
                }
                break;
            default:
                throw new ArgumentException(
                    $"A form body is a dictionary of fields, not a {body.GetType().Name}.", nameof(body));
        }
        return fields;
    }

    private static void AddField(List<KeyValuePair<string, string>> fields, string key, object? value)
    {
        if (value is IEnumerable values and not string)
        {
            // A list of values is the same key repeated, as a multi-select sends it.
            foreach (var item in values)
            {
                fields.Add(new(key, FieldValue(item)));
            }
            return;
        }
        fields.Add(new(key, FieldValue(value)));
    }

    private static string FieldValue(object? value) => value switch
    {
        null => string.Empty,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    // WHATWG HTML's multipart/form-data encoding: a quote and line breaks in a name are percent-encoded.
    private static string Quote(string name) => name.Replace("\"", "%22").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string? Boundary(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }
        foreach (var parameter in contentType.Split(';', StringSplitOptions.TrimEntries).Skip(1))
        {
            if (parameter.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
            {
                return parameter["boundary=".Length..].Trim('"');
            }
        }
        return null;
    }

    private static bool IsMediaType(string? contentType, string mediaType)
        => contentType is not null && contentType.Split(';', 2)[0].Trim().Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] AsBytes(object body) => body as byte[] ?? Encoding.UTF8.GetBytes((string)body);

    private static void WriteText(MemoryStream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
