// The Telemetry sample's two routes (samples/Telemetry), written with ASP.NET Core Minimal APIs. With
// BENCH_TELEMETRY=1 the OpenTelemetry SDK watches it as an ASP.NET Core service is usually watched: the
// AspNetCore instrumentation, every trace sampled, metrics collected; both exported to an exporter that drops
// them, so that what is measured is the cost of observing a request, not of sending it somewhere.
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
if (Environment.GetEnvironmentVariable("BENCH_TELEMETRY") == "1")
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(tracing => tracing
            .SetSampler(new AlwaysOnSampler())
            .AddAspNetCoreInstrumentation()
            .AddProcessor(new BatchActivityExportProcessor(new DroppingExporter<Activity>())))
        .WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddReader(new PeriodicExportingMetricReader(new DroppingExporter<Metric>(), exportIntervalMilliseconds: 1000)));
}
var app = builder.Build();

app.MapGet("/hello/{name}", (string name) => $"Hello {name}");
app.MapGet("/fail", string () => throw new InvalidOperationException("This route always fails."));
app.Run();

/// <summary>An exporter that accepts every batch and sends it nowhere.</summary>
internal sealed class DroppingExporter<T> : BaseExporter<T>
    where T : class
{
    public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
}
