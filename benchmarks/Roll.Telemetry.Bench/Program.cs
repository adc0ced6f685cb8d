// The Telemetry sample's app, for benchmarks/telemetry.sh. With BENCH_TELEMETRY=1 the OpenTelemetry SDK watches
// it as benchmarks/peers/minimalapi-otel is watched: Roll's source with every trace sampled, Roll's meter
// collected, both exported to an exporter that drops them, so that what is measured is the cost of observing a
// request, not of sending it somewhere. Without it nothing listens, and Roll's instruments stay off.
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Roll;
using TelemetrySample;

using var tracing = Environment.GetEnvironmentVariable("BENCH_TELEMETRY") == "1"
    ? Sdk.CreateTracerProviderBuilder()
        .SetSampler(new AlwaysOnSampler())
        .AddSource("Roll")
        .AddProcessor(new BatchActivityExportProcessor(new DroppingExporter<Activity>()))
        .Build()
    : null;
using var metrics = Environment.GetEnvironmentVariable("BENCH_TELEMETRY") == "1"
    ? Sdk.CreateMeterProviderBuilder()
        .AddMeter("Roll")
        .AddReader(new PeriodicExportingMetricReader(new DroppingExporter<Metric>(), exportIntervalMilliseconds: 1000))
        .Build()
    : null;
await TelemetryApp.Create().ServeAsync(args);

/// <summary>An exporter that accepts every batch and sends it nowhere.</summary>
internal sealed class DroppingExporter<T> : BaseExporter<T>
    where T : class
{
    public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
}
