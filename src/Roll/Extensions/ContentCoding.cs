using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Roll;

/// <summary>Which content coding to send, from the request's Accept-Encoding (RFC 9110 §12.5.3).</summary>
internal static class ContentCoding
{
    /// <summary>The coding of <paramref name="offered"/> to send, or null for none (identity); <paramref name="identityRefused"/> tells whether the client excluded identity.</summary>
    /// <param name="acceptEncoding">The Accept-Encoding header, or null when the request has none.</param>
    /// <param name="offered">The codings the server can send, preferred first: the client's ranking decides, the order only breaks ties.</param>
    /// <param name="identityRefused">Set when the client said <c>identity;q=0</c>, or <c>*;q=0</c> without naming identity.</param>
    /// <remarks>
    /// No header means no preference, answered with identity, as browsers always send one and other clients may not decode.
    /// A coding is acceptable at the quality the client gives it by name, else at that of <c>*</c>, else not at all; a quality of 0
    /// means "not acceptable". Identity is acceptable unless excluded, and sent instead when the client rates it above every coding.
    /// </remarks>
    public static string? Choose(string? acceptEncoding, IReadOnlyList<string> offered, out bool identityRefused)
    {
        identityRefused = false;
        if (acceptEncoding is null || !StringWithQualityHeaderValue.TryParseList(new StringValues(acceptEncoding), out var entries))
        {
            return null;
        }
        double? star = null;
        double? identity = null;
        foreach (var entry in entries)
        {
            if (entry.Value.Equals("*", StringComparison.Ordinal))
            {
                star = Math.Max(star ?? 0, entry.Quality ?? 1);
            }
            else if (entry.Value.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                identity = Math.Max(identity ?? 0, entry.Quality ?? 1);
            }
        }
        // Identity competes only when the client rates it (by name or through *): unnamed, it is the fallback, not a rival.
        var identityQuality = identity ?? star ?? 0;
        identityRefused = (identity ?? star) == 0;
        string? best = null;
        double bestQuality = 0;
        foreach (var coding in offered)
        {
            var quality = QualityOf(coding, entries) ?? star ?? 0;
            if (quality > bestQuality)
            {
                best = coding;
                bestQuality = quality;
            }
        }
        return best is not null && bestQuality >= identityQuality ? best : null;
    }

    private static double? QualityOf(string coding, IList<StringWithQualityHeaderValue> entries)
    {
        double? quality = null;
        foreach (var entry in entries)
        {
            // "x-gzip" is gzip (RFC 9110 §8.4.1.3).
            if (entry.Value.Equals(coding, StringComparison.OrdinalIgnoreCase)
                || (coding == "gzip" && entry.Value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)))
            {
                quality = Math.Max(quality ?? 0, entry.Quality ?? 1);
            }
        }
        return quality;
    }
}
