using System.Net;
using Xunit.Abstractions;

namespace Roll.Deploy.Tests;

/// <summary>The Telemetry sample published as native AOT: no trimming or AOT warning, Roll's span and metrics still exported by the OpenTelemetry SDK.</summary>
[Trait("Category", "System")]
public sealed class TelemetryAotTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("roll-telemetry-aot-");

    [SkippableAotFact]
    public async Task TheTelemetrySamplePublishesAsANativeExecutableThatStillExportsSpansAndMetrics()
    {
        var published = await Command.PublishNativeAsync("Telemetry", _folder.FullName);
        var executable = Path.Combine(_folder.FullName, "Telemetry");
        output.WriteLine($"native Telemetry: {new FileInfo(executable).Length:N0} bytes");

        Assert.DoesNotContain("warning", published, StringComparison.OrdinalIgnoreCase);
        using var sample = ChildProcess.Start(executable, ["--port", "0"],
            environment: new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "" });
        var port = (await sample.WaitForLineAsync(@"^Rolling on http://127\.0\.0\.1:(\d+)$", TimeSpan.FromSeconds(30))).Groups[1].Value;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/hello/world")
        {
            Headers = { { "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } },
        };
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        sample.Signal();
        Assert.Equal(0, await sample.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Matches(@"Activity\.TraceId: +4bf92f3577b34da6a3ce929d0e0e4736\n", sample.Output);
        Assert.Matches(@"Activity\.DisplayName: +GET /hello/\{name\}\n", sample.Output);
        Assert.Matches(@"http\.route: /hello/\{name\}", sample.Output);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
