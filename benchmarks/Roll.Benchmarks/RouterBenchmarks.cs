using BenchmarkDotNet.Attributes;
using Roll.Routing;

namespace Roll.Benchmarks;

/// <summary>Matching a path among 1,000 mixed routes: static, placeholders and typed placeholders.</summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private readonly RadixTree<string> _tree = new();
    private readonly PathCaptures _captures = new();

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 1000; i++)
        {
            var pattern = (i % 4) switch
            {
                0 => $"/static/section{i}/page",
                1 => $"/users{i}/{{id}}/profile",
                2 => $"/items{i}/{{id:digit}}/{{slug:alnum}}",
                _ => $"/files{i}/{{name}}.{{ext}}",
            };
            _tree.Add(pattern, pattern);
        }
    }

    [Benchmark]
    public string? Static() => _tree.Match("/static/section500/page", _captures);

    [Benchmark]
    public string? Placeholder() => _tree.Match("/users501/42/profile", _captures);

    [Benchmark]
    public string? TypedPlaceholders() => _tree.Match("/items502/12345/hello42", _captures);

    [Benchmark]
    public string? MidSegment() => _tree.Match("/files503/report.pdf", _captures);

    [Benchmark]
    public string? Miss() => _tree.Match("/nothing/here/at/all", _captures);
}
