using System.IO.Compression;
using System.Net;
using Xunit.Abstractions;

namespace Roll.Deploy.Tests;

/// <summary>The Api sample, which uses every web extension (problem details, compression, rate limiting, signed sessions, server-sent events), published as native AOT without a warning.</summary>
[Trait("Category", "System")]
public sealed class ApiNativeAotTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("roll-aot-api-");

    [SkippableAotFact]
    public async Task TheApiSamplePublishesAsANativeExecutableThatServesEveryExtension()
    {
        var published = await Command.PublishNativeAsync("Api", _folder.FullName);
        var executable = Path.Combine(_folder.FullName, "Api");
        output.WriteLine($"native Api: {new FileInfo(executable).Length:N0} bytes");

        Assert.DoesNotContain("warning", published, StringComparison.OrdinalIgnoreCase);
        using var api = ChildProcess.Start(executable, ["--port", "0"],
            environment: new Dictionary<string, string> { ["ROLL_SECRET_KEYS"] = "a secret for the native test and long enough" });
        var port = (await api.WaitForLineAsync(@"^Rolling on http://127\.0\.0\.1:(\d+)$", TimeSpan.FromSeconds(30))).Groups[1].Value;
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };

        using var items = new HttpRequestMessage(HttpMethod.Get, "/items") { Headers = { { "Accept-Encoding", "br" } } };
        using var compressed = await http.SendAsync(items);
        using var decoded = new StreamReader(new BrotliStream(await compressed.Content.ReadAsStreamAsync(), CompressionMode.Decompress));
        Assert.StartsWith("""[{"id":1,"name":"item 1"},""", await decoded.ReadToEndAsync());

        using var missing = await http.GetAsync("/items/201");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"title\":\"Not Found\"", await missing.Content.ReadAsStringAsync());

        using var login = await http.PostAsync("/login", new FormUrlEncodedContent([new("name", "native")]));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("Hello native", await http.GetStringAsync("/me"));

        Assert.EndsWith("id: 5\n\n", await http.GetStringAsync("/events"));

        api.Signal();
        Assert.Equal(0, await api.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
