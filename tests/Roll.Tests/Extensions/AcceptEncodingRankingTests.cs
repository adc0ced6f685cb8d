using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Roll.Testing;

namespace Roll.Tests.Extensions;

// The compression extension against Microsoft.Net.Http.Headers: random Accept-Encoding headers, each answered with the
// coding the library's parse and quality ranking put first.
public class AcceptEncodingRankingTests
{
    private static readonly string[] s_codings = ["br", "gzip", "x-gzip", "identity", "*", "deflate", "zstd", "compress", "BR", "GZip"];
    private static readonly string[] s_qualities = ["", ";q=0", ";q=0.0", ";q=0.001", ";q=0.1", ";q=0.5", ";q=0.8", ";q=1", ";q=1.0", " ; q=0.5", ";q=2", ";q=x"];

    [Fact]
    public async Task AThousandRandomHeadersAreAnsweredAsTheHeaderLibraryRanksThem()
    {
        var random = new Random(1309);
        var app = new RollApp();
        app.Compression();
        app.Route("/items", (request, response) => response.Body = CompressionTests.Items);
        await using var client = new TestClient(app);

        for (var i = 0; i < 1000; i++)
        {
            var header = RandomHeader(random);
            var expected = Expected(header);

            var response = await client.GetAsync("/items", new Dictionary<string, string> { ["Accept-Encoding"] = header });

            Assert.True(expected == response.Headers["Content-Encoding"], $"Accept-Encoding: {header} → {response.Headers["Content-Encoding"] ?? "identity"}, expected {expected ?? "identity"}");
            Assert.Equal(CompressionTests.Items, Encoding.UTF8.GetString(Decompress.Bytes(response.Body, expected)));
        }
    }

    private static string RandomHeader(Random random)
    {
        var count = random.Next(0, 6);
        var entries = new List<string>();
        for (var i = 0; i < count; i++)
        {
            entries.Add(s_codings[random.Next(s_codings.Length)] + s_qualities[random.Next(s_qualities.Length)]);
        }
        return string.Join(random.Next(2) == 0 ? ", " : ",", entries);
    }

    /// <summary>The reference: the library parses the header and sorts what it offers by quality; ties go to the server's order (br, gzip).</summary>
    private static string? Expected(string header)
    {
        if (!StringWithQualityHeaderValue.TryParseList(new StringValues(header), out var parsed))
        {
            return null;
        }
        double? Rated(params string[] names)
        {
            var matches = parsed.Where(entry => names.Any(name => name.Equals(entry.Value.Value, StringComparison.OrdinalIgnoreCase))).ToList();
            return matches.Count == 0 ? null : matches.Max(entry => entry.Quality ?? 1);
        }
        var star = Rated("*");
        var candidates = new[]
        {
            new StringWithQualityHeaderValue("br", Rated("br") ?? star ?? 0),
            new StringWithQualityHeaderValue("gzip", Rated("gzip", "x-gzip") ?? star ?? 0),
        };
        var best = candidates.OrderByDescending(candidate => candidate, StringWithQualityHeaderValueComparer.QualityComparer).First();
        var identity = Rated("identity") ?? star;
        if (best.Quality is not > 0 || (identity is { } rated && rated > best.Quality))
        {
            return null;
        }
        return best.Value.Value;
    }
}
