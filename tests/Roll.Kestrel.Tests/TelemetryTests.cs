using System.Diagnostics;
using System.Net;
using Roll.Tests.Diagnostics;

namespace Roll.Kestrel.Tests;

// Requests cross the bridge into Roll's engine, so its request instruments and spans come as they are, with the
// version the client spoke to Kestrel; connections are measured on Kestrel's side.
[Collection(TelemetryCollection.Name)]
public class TelemetryTests
{
    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/hello/{name}", (request, response, name) => response.Body = $"Hello {name}");
        app.Route("/boom", (request, response) => throw new InvalidOperationException("boom"));
        return app;
    }

    [Fact]
    public async Task AnHttp1RequestIsMeasuredAsOnRollsEngine()
    {
        using var recorder = new TelemetryRecorder();
        await using var host = await KestrelHost.StartAsync(App());

        Assert.Equal("Hello x1", await host.Http1Client().GetStringAsync("/hello/x1"));

        var duration = await recorder.WaitForAsync(RollTelemetry.RequestDuration);
        Assert.Equal(new Dictionary<string, object?>
        {
            ["http.request.method"] = "GET",
            ["url.scheme"] = "http",
            ["network.protocol.version"] = "1.1",
            ["http.response.status_code"] = 200,
            ["http.route"] = "/hello/{name}",
        }, duration.Tags);
        var span = await recorder.WaitForSpanAsync(_ => true);
        Assert.Equal("GET /hello/{name}", span.DisplayName);
    }

    [Theory, Http2]
    public async Task AnHttp2RequestSaysItsVersionSchemeAndParent(Http2 how)
    {
        using var recorder = new TelemetryRecorder();
        await using var host = await KestrelHost.StartAsync(App());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello/x2");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        (await host.Http2Client(how).SendAsync(request)).EnsureSuccessStatusCode();

        var duration = await recorder.WaitForAsync(RollTelemetry.RequestDuration);
        Assert.Equal("2", duration["network.protocol.version"]);
        Assert.Equal(how == Http2.Tls ? "https" : "http", duration["url.scheme"]);
        Assert.Equal("/hello/{name}", duration["http.route"]);
        var span = await recorder.WaitForSpanAsync(_ => true);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
        Assert.Equal("2", span.GetTagItem("network.protocol.version"));
    }

    [Fact]
    public async Task AThrowingRouteRecordsTheExceptionTypeOnTheBridge()
    {
        using var recorder = new TelemetryRecorder();
        await using var host = await KestrelHost.StartAsync(App());

        Assert.Equal(HttpStatusCode.InternalServerError, (await host.Http1Client().GetAsync("/boom")).StatusCode);

        var duration = await recorder.WaitForAsync(RollTelemetry.RequestDuration);
        Assert.Equal("System.InvalidOperationException", duration["error.type"]);
        Assert.Equal(500, duration["http.response.status_code"]);
        var span = await recorder.WaitForSpanAsync(_ => true);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("exception", Assert.Single(span.Events).Name);
    }

    [Fact]
    public async Task RawPathsNeverBecomeMetricAttributesOnTheBridge()
    {
        using var recorder = new TelemetryRecorder();
        await using var host = await KestrelHost.StartAsync(App());
        var client = host.Http1Client();

        await client.GetStringAsync("/hello/x1");
        await client.GetStringAsync("/hello/x2");

        await recorder.WaitForAsync(RollTelemetry.RequestDuration, _ => recorder.Of(RollTelemetry.RequestDuration).Count == 2);
        Assert.All(recorder.Measurements, m => Assert.DoesNotContain(m.Tags.Values, v => v is string text && (text.Contains("x1") || text.Contains("x2"))));
        Assert.All(recorder.Spans, span => Assert.Equal("GET /hello/{name}", span.DisplayName));
    }

    [Fact]
    public async Task KestrelsConnectionsAreCountedWhileOpenAndTheirDurationRecorded()
    {
        using var recorder = new TelemetryRecorder();
        await using var host = await KestrelHost.StartAsync(App());
        using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Http1.Port}/") })
        {
            await client.GetStringAsync("/hello/world");
            var opened = Assert.Single(recorder.Of(RollTelemetry.ActiveConnections));
            Assert.Equal(1, opened.Value);
            Assert.Equal(new Dictionary<string, object?> { ["network.transport"] = "tcp", ["network.type"] = "ipv4" }, opened.Tags);
        }

        await recorder.WaitForSumAsync(RollTelemetry.ActiveConnections, 0);
        var duration = await recorder.WaitForAsync(RollTelemetry.ConnectionDuration);
        Assert.Equal("tcp", duration["network.transport"]);
    }
}
