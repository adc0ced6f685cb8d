using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Roll;

namespace TelemetrySample;

/// <summary>A Roll app watched by the OpenTelemetry SDK: Roll's meter and activity source, exported to the console or over OTLP.</summary>
public static class TelemetryApp
{
    /// <summary>Makes the app: a greeting, and a route that fails.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        // snippet: routes
        app.Route("/hello/{name}", (request, response, name) =>
        {
            response.Body = $"Hello {name}";
        });

        app.Route("/fail", (request, response) =>
        {
            throw new InvalidOperationException("This route always fails.");
        });
        // end-snippet

        return app;
    }

    /// <summary>Starts the SDK's tracer and meter providers on Roll's source and meter; disposing the result flushes and stops them.</summary>
    public static IDisposable StartOpenTelemetry()
    {
        // snippet: sdk
        var resource = ResourceBuilder.CreateDefault().AddService("roll-telemetry-sample");
        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource("Roll");
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter("Roll");

        // The OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL and the other OTEL_* variables itself.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            tracing.AddConsoleExporter();
            metrics.AddConsoleExporter();
        }
        else
        {
            tracing.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }
        // end-snippet

        return new Providers(tracing.Build(), metrics.Build());
    }

    // Metrics are flushed first: the last request's span is then already ended and exported with the traces.
    private sealed class Providers(TracerProvider tracer, MeterProvider meter) : IDisposable
    {
        public void Dispose()
        {
            meter.Dispose();
            tracer.Dispose();
        }
    }
}
