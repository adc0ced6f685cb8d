using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Roll;

/// <summary>A dictionary whose keys hold one or more values, in insertion order: the base of Query, Form and Files.</summary>
public class Multidict<T> : IEnumerable<KeyValuePair<string, IReadOnlyList<T>>>
{
    // Ordered so that iterating a query or a form gives the pairs back as the client sent them.
    private readonly OrderedDictionary<string, List<T>> _values = new(StringComparer.Ordinal);

    /// <summary>The number of distinct keys.</summary>
    public int Count => _values.Count;

    /// <summary>The keys, in the order they were first added.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Whether <paramref name="key"/> has at least one value.</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>The first value of <paramref name="key"/>, or null when it is missing: <c>request.Query["page"]</c>.</summary>
    /// <remarks>Unlike <see cref="Get(string)"/>, a missing key is no error: the handler decides what its absence means.</remarks>
    public T? this[string key] => _values.TryGetValue(key, out var values) ? values[0] : default;

    /// <summary>The first value of <paramref name="key"/>; a missing key is a 400 Bad Request.</summary>
    public T Get(string key) => Values(key)[0];

    /// <summary>The first value of <paramref name="key"/>, or <paramref name="default"/> when it is missing.</summary>
    [return: NotNullIfNotNull(nameof(@default))]
    public T? Get(string key, T? @default) => _values.TryGetValue(key, out var values) ? values[0] : @default;

    /// <summary>All the values of <paramref name="key"/>, in order; a missing key is a 400 Bad Request.</summary>
    public IReadOnlyList<T> List(string key) => Values(key);

    /// <summary>All the values of <paramref name="key"/>, or <paramref name="default"/> when it is missing.</summary>
    public IReadOnlyList<T> List(string key, IReadOnlyList<T> @default) =>
        _values.TryGetValue(key, out var values) ? values : @default;

    /// <summary>Appends <paramref name="value"/> to the values of <paramref name="key"/>.</summary>
    public void Add(string key, T value)
    {
        if (_values.TryGetValue(key, out var values))
        {
            values.Add(value);
        }
        else
        {
            _values.Add(key, [value]);
        }
    }

    /// <summary>Replaces every value of <paramref name="key"/> with <paramref name="value"/>, keeping its position.</summary>
    public void Set(string key, T value) => _values[key] = [value];

    /// <summary>Removes <paramref name="key"/> and all its values; false when it was missing.</summary>
    public bool Remove(string key) => _values.Remove(key);

    /// <summary>Enumerates each key with all its values, in insertion order.</summary>
    public IEnumerator<KeyValuePair<string, IReadOnlyList<T>>> GetEnumerator()
    {
        foreach (var (key, values) in _values)
        {
            yield return new KeyValuePair<string, IReadOnlyList<T>>(key, values);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Never empty: Add and Set are the only ways in, and both store at least one value.
    private List<T> Values(string key) =>
        _values.TryGetValue(key, out var values)
            ? values
            : throw new HttpError(HttpStatusCode.BadRequest, $"Missing '{key}' key");
}
