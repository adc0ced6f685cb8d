using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace Roll.Server;

/// <summary>The small pieces of HTTP/1.1 text written straight into a pipe: header lines, numbers, chunk sizes, text.</summary>
/// <remarks>Shared by the engine's response writer and the Kestrel bridge, which writes requests in the same form.</remarks>
internal static class HttpWire
{
    /// <summary>Writes <c>Name: value\r\n</c>, the name as ASCII (a token) and the value as UTF-8.</summary>
    public static void WriteHeader(PipeWriter output, string name, string value)
    {
        var span = output.GetSpan(name.Length + Encoding.UTF8.GetMaxByteCount(value.Length) + 4);
        var n = Encoding.ASCII.GetBytes(name, span);
        span[n++] = (byte)':';
        span[n++] = (byte)' ';
        n += Encoding.UTF8.GetBytes(value, span[n..]);
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        output.Advance(n);
    }

    /// <summary>Writes a number in decimal.</summary>
    public static void WriteNumber(PipeWriter output, long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, provider: CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>Writes a chunk-size line: the size in hexadecimal, then CRLF (RFC 9112 §7.1).</summary>
    public static void WriteChunkSize(PipeWriter output, long size)
    {
        var span = output.GetSpan(18);
        size.TryFormat(span, out var written, "x", CultureInfo.InvariantCulture);
        span[written] = (byte)'\r';
        span[written + 1] = (byte)'\n';
        output.Advance(written + 2);
    }

    /// <summary>Writes text as ASCII (a method or other token).</summary>
    public static void WriteAscii(PipeWriter output, string text)
        => output.Advance(Encoding.ASCII.GetBytes(text, output.GetSpan(text.Length)));

    /// <summary>Writes text as UTF-8; a long text goes through one array rather than one huge span request.</summary>
    public static void WriteUtf8(PipeWriter output, string text)
    {
        if (text.Length <= 4096)
        {
            output.Advance(Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
            return;
        }
        output.Write(Encoding.UTF8.GetBytes(text));
    }
}
