using System.Buffers;
using System.Collections;

namespace Roll;

/// <summary>The headers of a response, case-insensitive, kept in the order they were set.</summary>
public sealed class ResponseHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private static readonly SearchValues<char> s_tchar = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly List<KeyValuePair<string, string>> _items = new(8);

    /// <summary>The number of header lines.</summary>
    public int Count => _items.Count;

    /// <summary>The value of a header (the first, when set several times), or null; setting replaces every line of that name.</summary>
    public string? this[string name]
    {
        get
        {
            var index = IndexOf(name);
            return index < 0 ? null : _items[index].Value;
        }
        set
        {
            Remove(name);
            if (value is not null)
            {
                Add(name, value);
            }
        }
    }

    /// <summary>Adds a header line, keeping the lines already set under that name.</summary>
    public void Add(string name, string value)
    {
        Validate(name, value);
        _items.Add(new KeyValuePair<string, string>(name, value));
    }

    /// <summary>Removes every line of that name; false when there was none.</summary>
    public bool Remove(string name)
    {
        var removed = false;
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            if (_items[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                _items.RemoveAt(i);
                removed = true;
            }
        }
        return removed;
    }

    /// <summary>Whether a header of that name is set.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Removes every header.</summary>
    public void Clear() => _items.Clear();

    /// <summary>Every header line, in order.</summary>
    public List<KeyValuePair<string, string>>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Finds in one pass whether Content-Length, Content-Type and Date are set, and the Connection value.</summary>
    internal void FindFraming(out bool contentLength, out bool contentType, out bool date, out string? connection)
    {
        contentLength = false;
        contentType = false;
        date = false;
        connection = null;
        foreach (var (name, value) in _items)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = true;
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = true;
            }
            else if (name.Equals("Date", StringComparison.OrdinalIgnoreCase))
            {
                date = true;
            }
            else if (connection is null && name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                connection = value;
            }
        }
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    // Refusing CR and LF here is what keeps a value taken from a request from splitting the response; refusing
    // non-ASCII keeps raw UTF-8 out of the head (the writer encodes values as they are).
    private static void Validate(string name, string value)
    {
        if (name.Length == 0 || name.AsSpan().IndexOfAnyExcept(s_tchar) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a valid header name (RFC 9110 §5.1: a token).", nameof(name));
        }
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                throw new ArgumentException($"The value of header '{name}' holds a control character (CR, LF...), which HTTP forbids.", nameof(value));
            }
            if (c > 0x7F)
            {
                // RFC 9110 §5.5: other octets than ASCII are obs-text, which a recipient may read as anything; Kestrel
                // refuses them as well. Encoding is the app's choice: percent-encoding, or RFC 8187 for parameters.
                throw new ArgumentException(
                    $"The value of header '{name}' holds a non-ASCII character ('{c}'), which a client cannot read reliably (RFC 9110 §5.5): "
                    + "percent-encode it (Uri.EscapeDataString), or use RFC 8187's encoding for parameters (filename*=UTF-8''...).",
                    nameof(value));
            }
        }
    }
}
