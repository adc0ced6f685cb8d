using System.Text;
using System.Text.RegularExpressions;
using Roll.Routing;

namespace Roll.Tests.Routing;

// The spec of Match is "the same as trying each pattern, in registration order, as an anchored regular
// expression with greedy placeholders"; this checks exactly that on random patterns and paths.
public class RadixTreeLinearScanTests
{
    [Fact]
    public void MatchAgreesWithALinearScanOfRegularExpressions()
    {
        var random = new Random(20240607);
        var failures = new List<string>();
        int matched = 0;
        for (int round = 0; round < 60; round++)
        {
            var tree = new RadixTree<string>();
            var oracle = new List<(string Pattern, Regex Regex, string[] Names)>();
            for (int i = 0; i < 25; i++)
            {
                var (pattern, regex, names) = RandomPattern(random);
                try
                {
                    tree.Add(pattern, pattern);
                    oracle.Add((pattern, regex, names));
                }
                catch (ArgumentException)
                {
                    // Same text or same shape as an earlier pattern: refused, so left out of the oracle too.
                }
            }

            var captures = new PathCaptures();
            for (int i = 0; i < 300; i++)
            {
                string path = RandomPath(random);
                string? expected = null;
                string expectedCaptures = string.Empty;
                foreach (var (pattern, regex, names) in oracle)
                {
                    var match = regex.Match(path);
                    if (match.Success)
                    {
                        expected = pattern;
                        expectedCaptures = string.Join(",", names.Select((name, g) => $"{name}={match.Groups[g + 1].Value}"));
                        break;
                    }
                }

                string? actual = tree.Match(path, captures);
                string actualCaptures = RadixTreeTests.Format(path, captures);
                if (actual != expected || actualCaptures != expectedCaptures)
                {
                    failures.Add(RadixTreeTests.Mismatch(path, expected, expectedCaptures, actual, actualCaptures));
                }

                matched += expected is null ? 0 : 1;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(matched > 5000, $"only {matched} random paths matched a route; the comparison proves little");
    }

    private static (string Pattern, Regex Regex, string[] Names) RandomPattern(Random random)
    {
        string[] kinds = ["", ":digit", ":alnum", ":alpha", ":path", ":any", ":[ab]+"];
        string[] oracles = [@"([^/]+)", "([0-9]+)", @"([\p{L}\p{Nd}]+)", @"(\p{L}+)", "(.+)", "(.*)", "([ab]+)"];
        var pattern = new StringBuilder("/");
        var regex = new StringBuilder("^/");
        var names = new List<string>();
        bool placeholderNext = random.Next(2) == 0;
        int parts = random.Next(1, 5);
        for (int i = 0; i < parts; i++, placeholderNext = !placeholderNext)
        {
            if (placeholderNext)
            {
                int kind = random.Next(kinds.Length);
                // A pattern has at most one placeholder spanning segments (path, any): the router refuses more.
                while (kinds[kind] is ":path" or ":any" && pattern.ToString().Contains(":path") | pattern.ToString().Contains(":any"))
                {
                    kind = random.Next(kinds.Length);
                }

                string name = "p" + names.Count;
                names.Add(name);
                pattern.Append('{').Append(name).Append(kinds[kind]).Append('}');
                regex.Append(oracles[kind]);
            }
            else
            {
                string literal = RandomText(random, "ab1./-", random.Next(1, 3));
                pattern.Append(literal);
                regex.Append(Regex.Escape(literal));
            }
        }

        regex.Append(@"\z");
        var oracle = new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
        return (pattern.ToString(), oracle, names.ToArray());
    }

    private static string RandomPath(Random random) => "/" + RandomText(random, "ab1./-é", random.Next(0, 8));

    private static string RandomText(Random random, string alphabet, int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }
}
