using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Roll.Testing;

/// <summary>Writes the JSON of the values a test body is usually made of, without reflection, so that Roll.Testing stays trimming-safe.</summary>
/// <remarks>
/// JsonNode, JsonElement, dictionaries with string keys, lists and primitives are written here; any other type
/// (an anonymous object, a record) makes <see cref="TrySerialize"/> answer null, and the client serialises it
/// through System.Text.Json instead.
/// </remarks>
internal static class JsonBodyWriter
{
    /// <summary>The UTF-8 JSON of a value, or null when some part of it is of a type written only by reflection.</summary>
    public static byte[]? TrySerialize(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!TryWrite(writer, value))
            {
                return null;
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryWrite(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return true;
            case JsonNode node:
                node.WriteTo(writer);
                return true;
            case JsonElement element:
                element.WriteTo(writer);
                return true;
            case JsonDocument document:
                document.WriteTo(writer);
                return true;
            case string text:
                writer.WriteStringValue(text);
                return true;
            case char character:
                writer.WriteStringValue(character.ToString());
                return true;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                return true;
            case Guid guid:
                writer.WriteStringValue(guid);
                return true;
            case DateTime date:
                writer.WriteStringValue(date);
                return true;
            case DateTimeOffset date:
                writer.WriteStringValue(date);
                return true;
            case sbyte or byte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return true;
            case ulong number:
                writer.WriteNumberValue(number);
                return true;
            case float number:
                writer.WriteNumberValue(number);
                return true;
            case double number:
                writer.WriteNumberValue(number);
                return true;
            case decimal number:
                writer.WriteNumberValue(number);
                return true;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                return TryWriteObject(writer, pairs.Select(pair => new KeyValuePair<string, object?>(pair.Key, pair.Value)));
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return TryWriteObject(writer, pairs);
            case IDictionary dictionary:
                return TryWriteDictionary(writer, dictionary);
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    if (!TryWrite(writer, item))
                    {
                        return false;
                    }
                }
                writer.WriteEndArray();
                return true;
            default:
                return false;
        }
    }

    private static bool TryWriteObject(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in pairs)
        {
            writer.WritePropertyName(key);
            if (!TryWrite(writer, item))
            {
                return false;
            }
        }
        writer.WriteEndObject();
        return true;
    }

    private static bool TryWriteDictionary(Utf8JsonWriter writer, IDictionary dictionary)
    {
        writer.WriteStartObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                return false;
            }
            writer.WritePropertyName(key);
            if (!TryWrite(writer, entry.Value))
            {
                return false;
            }
        }
        writer.WriteEndObject();
        return true;
    }
}
