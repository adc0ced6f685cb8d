using System.Collections;

namespace Roll.Testing;

/// <summary>The headers of a response as received: in order, case-insensitive, a name possibly given several times.</summary>
public sealed class TestHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _lines;

    internal TestHeaders(List<KeyValuePair<string, string>> lines)
    {
        _lines = lines;
    }

    /// <summary>The number of header lines.</summary>
    public int Count => _lines.Count;

    /// <summary>The first value of a header, or null when the response has none of that name.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in _lines)
            {
                if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
            return null;
        }
    }

    /// <summary>Every value of a header, in the order received; empty when the response has none of that name.</summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        var values = new List<string>();
        foreach (var (key, value) in _lines)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(value);
            }
        }
        return values;
    }

    /// <summary>Whether the response has a header of that name.</summary>
    public bool Contains(string name) => this[name] is not null;

    /// <summary>Enumerates the header lines in the order received.</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _lines.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
