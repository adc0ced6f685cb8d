namespace Roll.Server;

/// <summary>The body reader's reading of the lines of chunked framing: chunk sizes with their extensions, and trailers (RFC 9112 §7.1).</summary>
internal sealed partial class BodyReader
{
    private void ReadChunkSize(ReadOnlySpan<byte> line)
    {
        long size = 0;
        var i = 0;
        for (; i < line.Length && char.IsAsciiHexDigit((char)line[i]); i++)
        {
            if (i >= 15)
            {
                Throw("Chunk size too large");
            }
            size = (size << 4) | (long)HexValue(line[i]);
        }
        if (i == 0)
        {
            Throw("Invalid chunk size");
        }
        CheckChunkExtensions(line.Slice(i));
        if (size == 0)
        {
            _state = State.Trailers;
        }
        else
        {
            _state = State.Data;
            _remaining = size;
        }
    }

    /// <summary>Checks chunk-ext (RFC 9112 §7.1.1), which is otherwise ignored: <c>*( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )</c>.</summary>
    private void CheckChunkExtensions(ReadOnlySpan<byte> ext)
    {
        var i = 0;
        while (i < ext.Length)
        {
            i = SkipWhitespace(ext, i);
            if (i == ext.Length || ext[i] != ';')
            {
                Throw("Invalid chunk extension");
            }
            i = SkipWhitespace(ext, i + 1);
            var name = TokenLength(ext.Slice(i));
            if (name == 0)
            {
                Throw("Invalid chunk extension");
            }
            i += name;
            var afterName = SkipWhitespace(ext, i);
            if (afterName == ext.Length || ext[afterName] != '=')
            {
                continue;
            }
            i = SkipWhitespace(ext, afterName + 1);
            var value = i < ext.Length && ext[i] == '"' ? QuotedStringLength(ext.Slice(i)) : TokenLength(ext.Slice(i));
            if (value == 0)
            {
                Throw("Invalid chunk extension");
            }
            i += value;
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int i)
    {
        while (i < span.Length && (span[i] == ' ' || span[i] == '\t'))
        {
            i++;
        }
        return i;
    }

    private static int TokenLength(ReadOnlySpan<byte> span)
    {
        var end = span.IndexOfAnyExcept(HttpParser.TokenChars);
        return end < 0 ? span.Length : end;
    }

    /// <summary>The length of the quoted-string (RFC 9110 §5.6.4) at the start of the span, quotes included; 0 when there is none.</summary>
    private static int QuotedStringLength(ReadOnlySpan<byte> span)
    {
        for (var i = 1; i < span.Length; i++)
        {
            var c = span[i];
            if (c == '"')
            {
                return i + 1;
            }
            if (c == '\\')
            {
                i++;
                if (i == span.Length)
                {
                    return 0;
                }
                c = span[i];
            }
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return 0;
            }
        }
        return 0;
    }

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private void ReadTrailer(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            _state = State.Done;
            return;
        }
        _trailerBytes += line.Length + 2;
        if (_trailerBytes > _maxTrailerBytes)
        {
            Throw("Trailers too large");
        }
        // Trailers are read past, not kept (RFC 9112 §7.1.2 allows it), but they are framing all the same:
        // held to the header lines' rules, so that no intermediary can read them differently.
        if (HttpParser.ReadFieldLine(line, out _, out _, out _) is { } error)
        {
            Throw(error.Replace("header", "trailer", StringComparison.Ordinal));
        }
    }
}
