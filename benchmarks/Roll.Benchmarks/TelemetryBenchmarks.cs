using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Roll.Server;

namespace Roll.Benchmarks;

/// <summary>What Roll's telemetry costs a keep-alive request: with nobody listening, with a meter listener, and with every span sampled too.</summary>
/// <remarks>
/// The listeners do the least an SDK does (add each measurement to a sum, keep nothing of a span), so the figures are
/// Roll's own cost of reporting; an exporter's aggregation and export come on top.
/// </remarks>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private static readonly byte[] s_request = Encoding.ASCII.GetBytes(
        "GET /hello/with/foobar HTTP/1.1\r\nHost: bench\r\ntraceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n\r\n");

    private Pipe _requests = null!;
    private Pipe _responses = null!;
    private Task _connection = null!;
    private MeterListener? _meters;
    private ActivityListener? _spans;
    private double _sum;

    /// <summary>Who listens: nobody, a meter listener, or a meter listener and an activity listener sampling everything.</summary>
    [Params("none", "metrics", "metrics+traces")]
    public string Listening { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        if (Listening != "none")
        {
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == RollTelemetry.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<double>((_, value, _, _) => _sum += value);
            _meters.SetMeasurementEventCallback<long>((_, value, _, _) => _sum += value);
            _meters.Start();
        }
        if (Listening == "metrics+traces")
        {
            _spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == RollTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_spans);
        }
        var app = BenchSample.BenchApp.Create();
        _requests = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _responses = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _connection = app.CreateProtocol(new DuplexPipe(_requests.Reader, _responses.Writer)).RunAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _requests.Writer.Complete();
        _connection.GetAwaiter().GetResult();
        _meters?.Dispose();
        _spans?.Dispose();
    }

    [Benchmark]
    public ValueTask<long> Request() => RoundTripAsync();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> RoundTripAsync()
    {
        await _requests.Writer.WriteAsync(s_request);
        var result = await _responses.Reader.ReadAsync();
        var length = result.Buffer.Length;
        _responses.Reader.AdvanceTo(result.Buffer.End);
        return length;
    }
}
