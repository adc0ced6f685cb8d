using Roll.Routing;

namespace Roll.Tests.Routing;

/// <summary>Matching a path costs a bounded amount of work, whatever the routes and the path within the target limit.</summary>
public class BoundedMatchTests
{
    // The engine refuses a request target over 8 KB; a pathological path is about that long.
    private const int TargetLimit = 8 * 1024;

    // A guard against a match that never ends, not a speed check: a bounded match takes well under a millisecond
    // (benchmarks/Roll.Benchmarks RouterPathologyBenchmarks), an unbounded one minutes.
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("/r/{a:path}/{b:path}/{c:path}/z")]
    [InlineData("/r/{a:path}/{b:any}")]
    [InlineData("/r/{a:any}x{b:any}")]
    public void APatternWithTwoPlaceholdersThatSpanSegmentsIsRefused(string pattern)
    {
        var tree = new RadixTree<string>();

        var error = Assert.Throws<ArgumentException>(() => tree.Add(pattern, pattern));

        Assert.Contains("a route may have one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaceholdersSharingALongSegmentGiveUpInsteadOfTryingEverySplit()
    {
        var tree = new RadixTree<string>();
        tree.Add("/{a}-{b}-{c}-{d}/z", "dashes");
        var captures = new PathCaptures();
        var path = "/" + new string('-', TargetLimit - 4) + "/q";

        var match = await Task.Run(() => tree.Match(path, captures)).WaitAsync(s_hang);

        Assert.Null(match);
        Assert.Equal(0, captures.Count);
    }

    [Fact]
    public async Task OnePathPlaceholderAgainstAPathOfManySegmentsStillMatches()
    {
        var tree = new RadixTree<string>();
        tree.Add("/r/{a:path}/{b}/z", "deep");
        var captures = new PathCaptures();
        var segments = string.Concat(Enumerable.Repeat("a/", (TargetLimit - 8) / 2));

        var miss = await Task.Run(() => tree.Match("/r/" + segments + "q", captures)).WaitAsync(s_hang);
        var hit = await Task.Run(() => tree.Match("/r/" + segments + "b/z", captures)).WaitAsync(s_hang);

        Assert.Null(miss);
        Assert.Equal("deep", hit);
    }

    [Fact]
    public async Task ARegexThatBacktracksWithoutEndTimesOutAndMatchesNothing()
    {
        var tree = new RadixTree<string>();
        tree.Add("/x/{a:(a|aa)+b}", "regex");
        var captures = new PathCaptures();

        var match = await Task.Run(() => tree.Match("/x/" + new string('a', 200) + "c", captures)).WaitAsync(s_hang);

        Assert.Null(match);
    }

    [Theory]
    [InlineData(@"/years/{year:\d{4}}", "/years/2024", true)]
    [InlineData(@"/years/{year:\d{4}}", "/years/٢٠٢٤", false)]
    [InlineData(@"/years/{year:\d{4}}", "/years/２０２４", false)]
    [InlineData(@"/n/{n:[\d-]+}", "/n/12-3", true)]
    [InlineData(@"/n/{n:[\d-]+}", "/n/1٢", false)]
    [InlineData(@"/n/{n:\D+}", "/n/abc", true)]
    [InlineData(@"/n/{n:\D+}", "/n/a٢", true)]
    [InlineData(@"/n/{n:\D+}", "/n/a2", false)]
    [InlineData(@"/n/{n:\\d}", @"/n/\d", true)]
    public void DigitsInARegexPlaceholderAreAsciiDigits(string pattern, string path, bool matches)
    {
        var tree = new RadixTree<string>();
        tree.Add(pattern, pattern);

        Assert.Equal(matches, tree.Match(path, new PathCaptures()) is not null);
    }
}
