using System.Text;
using BenchmarkDotNet.Attributes;
using Roll.Server;

namespace Roll.Benchmarks;

/// <summary>Parsing a typical browser request head: about 500 bytes, 12 headers.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private static readonly byte[] s_browserHead = Encoding.ASCII.GetBytes(
        "GET /articles/2026/roll-for-dotnet?utm_source=feed HTTP/1.1\r\n" +
        "Host: example.org\r\n" +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n" +
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" +
        "Accept-Language: en-GB,en;q=0.5\r\n" +
        "Accept-Encoding: gzip, deflate, br, zstd\r\n" +
        "Referer: https://example.org/\r\n" +
        "Connection: keep-alive\r\n" +
        "Cookie: session=8f2b6c1e4d; theme=dark\r\n" +
        "Upgrade-Insecure-Requests: 1\r\n" +
        "Sec-Fetch-Dest: document\r\n" +
        "Sec-Fetch-Mode: navigate\r\n" +
        "Sec-Fetch-Site: same-origin\r\n" +
        "\r\n");

    private readonly RequestHead _head = new();
    private readonly ServerLimits _limits = new();

    [GlobalSetup]
    public void Setup()
    {
        _head.EnsureCapacity(s_browserHead.Length);
        s_browserHead.CopyTo(_head.Buffer, 0);
    }

    [Benchmark]
    public int FindAndParseBrowserHead()
    {
        var length = HttpParser.FindHeadEnd(_head.Buffer.AsSpan(0, s_browserHead.Length), out _);
        _head.Reset(length);
        HttpParser.Parse(_head, _limits);
        return _head.Headers.Count;
    }
}
