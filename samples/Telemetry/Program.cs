using TelemetrySample;
using Roll;

using var telemetry = TelemetryApp.StartOpenTelemetry();
await TelemetryApp.Create().ServeAsync(args);
