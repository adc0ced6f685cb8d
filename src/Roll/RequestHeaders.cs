using System.Collections;
using System.Text;

namespace Roll;

/// <summary>The headers of a request: case-insensitive lookup, strings made only for the names the app asks for.</summary>
/// <remarks>
/// Names and values stay as ranges of the request head until read; a name given twice answers its values
/// joined by ", " (RFC 9110 §5.3), or by "; " for Cookie (RFC 6265 §5.4).
/// </remarks>
public sealed class RequestHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private byte[] _head = [];
    private int[] _ranges = new int[64];
    private string?[] _names = new string?[16];
    private string?[] _values = new string?[16];
    private int _count;

    /// <summary>The number of header lines the request had.</summary>
    public int Count => _count;

    /// <summary>The value of a header, or null when the request has none of that name.</summary>
    public string? this[string name] => Get(name);

    /// <summary>The value of a header, or null when the request has none of that name.</summary>
    public string? Get(string name)
    {
        string? single = null;
        StringBuilder? joined = null;
        for (var i = 0; i < _count; i++)
        {
            if (!NameEquals(i, name))
            {
                continue;
            }
            var value = ValueAt(i);
            if (single is null)
            {
                single = value;
            }
            else
            {
                joined ??= new StringBuilder(single);
                joined.Append(name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ").Append(value);
            }
        }
        return joined?.ToString() ?? single;
    }

    /// <summary>Whether the request has a header of that name.</summary>
    public bool Contains(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (NameEquals(i, name))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Finds a header's value; false when the request has none of that name.</summary>
    public bool TryGetValue(string name, out string value)
    {
        value = Get(name)!;
        return value is not null;
    }

    /// <summary>Every header line in the order received, names as the client spelled them.</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, string>(NameAt(i), ValueAt(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Reset(byte[] head)
    {
        _head = head;
        if (_count > 0)
        {
            Array.Clear(_names, 0, _count);
            Array.Clear(_values, 0, _count);
        }
        _count = 0;
    }

    internal void Add(int nameStart, int nameLength, int valueStart, int valueLength)
    {
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
            Array.Resize(ref _ranges, _count * 8);
        }
        var r = _count * 4;
        _ranges[r] = nameStart;
        _ranges[r + 1] = nameLength;
        _ranges[r + 2] = valueStart;
        _ranges[r + 3] = valueLength;
        _count++;
    }

    /// <summary>Makes the last header added read its value from another range of the head (the Host of an absolute-form target).</summary>
    internal void SetLastValue(int valueStart, int valueLength)
    {
        var r = (_count - 1) * 4;
        _ranges[r + 2] = valueStart;
        _ranges[r + 3] = valueLength;
    }

    internal ReadOnlySpan<byte> NameBytes(int index) => _head.AsSpan(_ranges[index * 4], _ranges[(index * 4) + 1]);

    internal ReadOnlySpan<byte> ValueBytes(int index) => _head.AsSpan(_ranges[(index * 4) + 2], _ranges[(index * 4) + 3]);

    private bool NameEquals(int index, string name)
    {
        var bytes = NameBytes(index);
        if (bytes.Length != name.Length)
        {
            return false;
        }
        for (var i = 0; i < bytes.Length; i++)
        {
            // Names are validated tokens (ASCII), so folding the ASCII letters is a full case-insensitive compare.
            var a = bytes[i] | 0x20;
            var b = name[i] | 0x20;
            if (a != b || (a < 'a' || a > 'z') && bytes[i] != name[i])
            {
                return false;
            }
        }
        return true;
    }

    private string NameAt(int index) => _names[index] ??= Encoding.ASCII.GetString(NameBytes(index));

    // Field values are Latin-1 on the wire (RFC 9110 §5.5); UTF-8 is what browsers send in practice for
    // non-ASCII, so decode as UTF-8 and fall back to Latin-1 when the bytes are not valid UTF-8.
    private string ValueAt(int index) => _values[index] ??= DecodeValue(ValueBytes(index));

    internal static string DecodeValue(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }
        return Encoding.Latin1.GetString(bytes);
    }
}
