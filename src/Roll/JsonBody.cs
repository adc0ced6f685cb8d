using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace Roll;

/// <summary>Reads a request body as JSON, refusing with 400 whatever is not valid UTF-8 JSON before the handler sees it.</summary>
/// <remarks>
/// JsonNode builds objects on first touch and decodes strings on first read, so a body it accepts can still fail
/// later, in the handler, as a 500: a name repeated in an object, bytes that are not UTF-8 (RFC 8259 §8.1), an
/// escaped lone surrogate. All three are checked here, eagerly, on the whole body.
/// </remarks>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions s_options = new() { AllowDuplicateProperties = false };

    /// <summary>The body as a JsonNode (null for a JSON null).</summary>
    public static JsonNode? Parse(byte[] body)
    {
        Validate(body, default);
        try
        {
            return JsonNode.Parse(body, documentOptions: s_options);
        }
        catch (JsonException error)
        {
            throw Unparsable(error);
        }
    }

    /// <summary>The body deserialised into a <typeparamref name="T"/> through its generated metadata.</summary>
    public static T? Deserialize<T>(byte[] body, JsonTypeInfo<T> typeInfo)
    {
        // The serializer keeps the last of repeated names unless the app's own options say otherwise, so a
        // document checks them first, reading the syntax the app's options allow (comments, trailing commas).
        var options = typeInfo.Options;
        var documentOptions = new JsonDocumentOptions
        {
            AllowDuplicateProperties = false,
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.ReadCommentHandling == JsonCommentHandling.Disallow ? JsonCommentHandling.Disallow : JsonCommentHandling.Skip,
            MaxDepth = options.MaxDepth,
        };
        Validate(body, new JsonReaderOptions
        {
            AllowTrailingCommas = documentOptions.AllowTrailingCommas,
            CommentHandling = documentOptions.CommentHandling,
            MaxDepth = documentOptions.MaxDepth,
        });
        try
        {
            using var document = JsonDocument.Parse(body, documentOptions);
            return document.Deserialize(typeInfo);
        }
        catch (JsonException error)
        {
            throw Unparsable(error);
        }
    }

    private static void Validate(ReadOnlySpan<byte> body, JsonReaderOptions options)
    {
        if (!Utf8.IsValid(body))
        {
            throw Unparsable();
        }

        // Escaped strings are decoded only when read: an escaped lone surrogate ("\ud800") is valid syntax but no
        // text, and would fail in the handler. Unescaped strings are UTF-8 already, checked above.
        var reader = new Utf8JsonReader(body, options);
        try
        {
            while (reader.Read())
            {
                if (reader.ValueIsEscaped && reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    reader.GetString();
                }
            }
        }
        catch (JsonException error)
        {
            throw Unparsable(error);
        }
        catch (InvalidOperationException error)
        {
            throw Unparsable(error);
        }
    }

    private static HttpError Unparsable(Exception? innerException = null) =>
        new(HttpStatusCode.BadRequest, "Unparsable JSON body", innerException);
}
