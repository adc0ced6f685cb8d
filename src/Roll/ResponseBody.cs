using System.Text;

namespace Roll;

/// <summary>What a response sends: text (as UTF-8), bytes, a stream, or async chunks sent as they come.</summary>
/// <remarks>Assign a string, a byte array or a <see cref="Stream"/> directly; use <see cref="FromChunks(IAsyncEnumerable{string})"/> for async chunks.</remarks>
public readonly struct ResponseBody
{
    private readonly object? _value;
    private readonly ReadOnlyMemory<byte> _bytes;

    private ResponseBody(object? value, ReadOnlyMemory<byte> bytes)
    {
        _value = value;
        _bytes = bytes;
    }

    /// <summary>No body.</summary>
    public static ResponseBody Empty => default;

    /// <summary>Whether nothing is to be sent.</summary>
    public bool IsEmpty => _value is null && _bytes.IsEmpty || _value is string { Length: 0 };

    /// <summary>Whether the body is sent as it is produced (a stream or chunks), with chunked transfer coding.</summary>
    public bool IsStreamed => _value is Stream or IAsyncEnumerable<ReadOnlyMemory<byte>> or IAsyncEnumerable<byte[]> or IAsyncEnumerable<string>;

    /// <summary>The body as text, if it was given as text.</summary>
    public string? Text => _value as string;

    /// <summary>The body as bytes, if it was given as text or bytes (text is encoded as UTF-8).</summary>
    public ReadOnlyMemory<byte> Bytes => _value is string text ? Encoding.UTF8.GetBytes(text) : _bytes;

    internal object? Value => _value;

    internal ReadOnlyMemory<byte> RawBytes => _bytes;

    /// <summary>A text body, sent as UTF-8.</summary>
    public static implicit operator ResponseBody(string? text) => new(text, default);

    /// <summary>A body of bytes.</summary>
    public static implicit operator ResponseBody(byte[]? bytes) => new(null, bytes);

    /// <summary>A body of bytes.</summary>
    public static implicit operator ResponseBody(ReadOnlyMemory<byte> bytes) => new(null, bytes);

    /// <summary>A body read from a stream as it is sent, then disposed.</summary>
    public static implicit operator ResponseBody(Stream? stream) => new(stream, default);

    /// <summary>A body of byte chunks, each sent as it comes.</summary>
    public static ResponseBody FromChunks(IAsyncEnumerable<byte[]> chunks) => new(chunks, default);

    /// <summary>A body of byte chunks, each sent as it comes.</summary>
    public static ResponseBody FromChunks(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks) => new(chunks, default);

    /// <summary>A body of text chunks, each sent as UTF-8 as it comes.</summary>
    public static ResponseBody FromChunks(IAsyncEnumerable<string> chunks) => new(chunks, default);

    /// <summary>The body as text: the text given, or bytes decoded as UTF-8; empty for streamed bodies.</summary>
    public override string ToString() => _value switch
    {
        string text => text,
        null => Encoding.UTF8.GetString(_bytes.Span),
        _ => string.Empty,
    };
}
