using BenchmarkDotNet.Attributes;
using Roll.Routing;

namespace Roll.Benchmarks;

/// <summary>Paths near the 8 KB target limit built to make the router try every split: each must stay well under a millisecond.</summary>
[MemoryDiagnoser]
public class RouterPathologyBenchmarks
{
    private readonly RadixTree<string> _tree = new();
    private readonly PathCaptures _captures = new();
    private readonly string _deep = "/r/" + string.Concat(Enumerable.Repeat("a/", 4090)) + "q";
    private readonly string _dashes = "/d/" + new string('-', 8180) + "/q";
    private readonly string _dots = "/f/" + new string('.', 8180);

    [GlobalSetup]
    public void Setup()
    {
        _tree.Add("/r/{a:path}/{b}/{c}/z", "deep");
        _tree.Add("/d/{a}-{b}-{c}-{d}/z", "dashes");
        _tree.Add("/f/{name}.{ext}", "dots");
    }

    /// <summary>One path placeholder and single segments after it, against 4,090 segments: a miss.</summary>
    [Benchmark]
    public string? ManySegments() => _tree.Match(_deep, _captures);

    /// <summary>Four placeholders in one segment of 8,180 dashes: the search gives up after its budget.</summary>
    [Benchmark]
    public string? OneLongSegment() => _tree.Match(_dashes, _captures);

    /// <summary><c>{name}.{ext}</c> against 8,180 dots: a match.</summary>
    [Benchmark]
    public string? NameAndExtension() => _tree.Match(_dots, _captures);
}
