using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace Roll;

/// <summary>The decoded parameters of a query string, with typed getters that answer 400 on a wrong value.</summary>
public class Query : Multidict<string>
{
    /// <summary>Creates an empty query.</summary>
    public Query()
    {
    }

    /// <summary>Parses a raw query string (no '?'): '+' is a space, escapes are decoded, blank values kept.</summary>
    public Query(string queryString)
    {
        AddEncoded(queryString);
    }

    /// <summary>The value of <paramref name="key"/> as a boolean: t/true/yes/1/on, f/false/no/0/off, n/none/null.</summary>
    public bool? Bool(string key) => ParseBool(key, Get(key));

    /// <summary>The value of <paramref name="key"/> as a boolean, or <paramref name="default"/> when missing.</summary>
    public bool? Bool(string key, bool? @default) => Get(key, null) is { } value ? ParseBool(key, value) : @default;

    /// <summary>The value of <paramref name="key"/> as an integer, read in the invariant culture.</summary>
    public int Int(string key) => ParseInt(key, Get(key));

    /// <summary>The value of <paramref name="key"/> as an integer, or <paramref name="default"/> when missing.</summary>
    public int Int(string key, int @default) => Get(key, null) is { } value ? ParseInt(key, value) : @default;

    /// <summary>The value of <paramref name="key"/> as a number, read in the invariant culture.</summary>
    public double Float(string key) => ParseFloat(key, Get(key));

    /// <summary>The value of <paramref name="key"/> as a number, or <paramref name="default"/> when missing.</summary>
    public double Float(string key, double @default) => Get(key, null) is { } value ? ParseFloat(key, value) : @default;

    // QueryHelpers.ParseQuery would fold keys case-insensitively and lose their order, so this walks the
    // same enumerator it is built on; keys and values are case-sensitive and kept in order, as the client sent them.
    internal void AddEncoded(string encoded)
    {
        foreach (var pair in new QueryStringEnumerable(encoded))
        {
            Add(pair.DecodeName().ToString(), pair.DecodeValue().ToString());
        }
    }

    private static bool? ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "t" or "true" or "yes" or "1" or "on" => true,
        "f" or "false" or "no" or "0" or "off" => false,
        "n" or "none" or "null" => null,
        _ => throw new HttpError(HttpStatusCode.BadRequest, $"Wrong boolean value for '{key}={value}'"),
    };

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new HttpError(HttpStatusCode.BadRequest, $"Key '{key}' must be castable to int");

    private static double ParseFloat(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new HttpError(HttpStatusCode.BadRequest, $"Key '{key}' must be castable to float");
}
