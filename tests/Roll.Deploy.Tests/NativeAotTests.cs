using System.Net;
using Xunit.Abstractions;

namespace Roll.Deploy.Tests;

/// <summary>The Bench sample published as native AOT: no trimming or AOT warning, and the executable serves and stops like the JIT build.</summary>
// System: needs clang and zlib1g-dev, and a native AOT publish takes minutes.
[Trait("Category", "System")]
public sealed class NativeAotTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("roll-aot-");

    [SkippableAotFact]
    public async Task TheBenchSamplePublishesAsANativeExecutableThatServesAndStops()
    {
        var published = await Command.PublishNativeAsync("Bench", _folder.FullName);
        var executable = Path.Combine(_folder.FullName, "Bench");
        output.WriteLine($"native Bench: {new FileInfo(executable).Length:N0} bytes");

        Assert.DoesNotContain("warning", published, StringComparison.OrdinalIgnoreCase);
        using var bench = ChildProcess.Start(executable, ["--port", "0"]);
        var port = (await bench.WaitForLineAsync(@"^Rolling on http://127\.0\.0\.1:(\d+)$", TimeSpan.FromSeconds(30))).Groups[1].Value;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/hello/full/with/foo/and/bar?query=foobar")
        {
            Headers = { { "Cookie", "test=bench" } },
        };
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"parameters":"foo and bar","query":"foobar","cookie":"bench"}""", await response.Content.ReadAsStringAsync());
        bench.Signal();
        Assert.Equal(0, await bench.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Stopped", bench.Output);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

/// <summary>A fact skipped, with the reason, where the native toolchain is missing (.ci/run installs it).</summary>
public sealed class SkippableAotFactAttribute : FactAttribute
{
    public SkippableAotFactAttribute()
    {
        if (!File.Exists("/usr/bin/clang") || !File.Exists("/usr/include/zlib.h"))
        {
            Skip = "native AOT needs clang and zlib1g-dev: apt-get install clang zlib1g-dev (.ci/run does)";
        }
    }
}
