using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Roll;
using Roll.Deploy.Tests;
using Roll.Testing;
using TelemetrySample;

namespace Samples.Tests;

/// <summary>The Telemetry sample: its routes, and, run as a process, the spans and metrics the OpenTelemetry SDK exports from Roll's source and meter.</summary>
public class TelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // A caller's span, as a W3C traceparent header carries it: version, trace id, parent span id, sampled.
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentSpanId = "00f067aa0ba902b7";
    private const string TraceParent = $"00-{TraceId}-{ParentSpanId}-01";

    [Theory, Transports]
    public async Task HelloGreetsTheName(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(TelemetryApp.Create(), transport);

        var response = await client.GetAsync("/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Hello world", response.Text);
    }

    [Theory, Transports]
    public async Task FailAnswersAServerError(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(TelemetryApp.Create(), transport);

        var response = await client.GetAsync("/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
    }

    [Fact]
    public async Task TheConsoleShowsTheCallersTraceAndTheRoutesDuration()
    {
        using var sample = ChildProcess.Start("dotnet", [Repository.Sample("Telemetry"), "--port", "0"],
            environment: new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "" });

        await RequestHelloWorldAsync(sample);
        Assert.Equal(0, await StopAsync(sample));

        var output = sample.Output;
        Assert.Matches($@"Activity\.TraceId: +{TraceId}\n", output);
        Assert.Matches($@"Activity\.ParentSpanId: +{ParentSpanId}\n", output);
        Assert.Matches(@"Activity\.DisplayName: +GET /hello/\{name\}\n", output);
        Assert.Matches(@"Metric Name: http\.server\.request\.duration,", output);
        Assert.Matches(@"http\.route: /hello/\{name\}", output);
    }

    [Fact]
    public async Task WithAnOtlpEndpointSpansAndMetricsArriveOverOtlp()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var collector = new RollApp();
        collector.Route("/v1/{signal}", (request, response, signal) => received.Enqueue((request.Path, request.Body)), methods: ["POST"]);
        await using var otlp = await LiveClient.StartAsync(collector);
        using var sample = ChildProcess.Start("dotnet", [Repository.Sample("Telemetry"), "--port", "0"],
            environment: new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{otlp.Port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            });

        await RequestHelloWorldAsync(sample);
        Assert.Equal(0, await StopAsync(sample));

        // OTLP/protobuf carries a trace id as its 16 raw bytes, and names as UTF-8 strings.
        var traces = received.Where(post => post.Path == "/v1/traces").Select(post => post.Body).ToArray();
        var metrics = received.Where(post => post.Path == "/v1/metrics").Select(post => post.Body).ToArray();
        Assert.Contains(traces, body => Holds(body, Convert.FromHexString(TraceId)) && Holds(body, "GET /hello/{name}"u8.ToArray()));
        Assert.Contains(metrics, body => Holds(body, "http.server.request.duration"u8.ToArray()) && Holds(body, "/hello/{name}"u8.ToArray()));
    }

    /// <summary>Waits for the sample to listen, then asks it for /hello/world on behalf of the caller's span.</summary>
    private static async Task RequestHelloWorldAsync(ChildProcess sample)
    {
        var port = (await sample.WaitForLineAsync(@"^Rolling on http://127\.0\.0\.1:(\d+)$", Patience)).Groups[1].Value;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/hello/world")
        {
            Headers = { { "traceparent", TraceParent } },
        };
        using var response = await http.SendAsync(request);
        Assert.Equal("Hello world", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Stops the sample with SIGTERM: it disposes the SDK's providers on the way out, which exports what they hold.</summary>
    private static async Task<int> StopAsync(ChildProcess sample)
    {
        sample.Signal();
        return await sample.WaitForExitAsync(Patience);
    }

    private static bool Holds(byte[] body, byte[] part) => body.AsSpan().IndexOf(part) >= 0;
}
