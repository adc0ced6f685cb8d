using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Roll.Tests.Diagnostics;

/// <summary>One measurement of one of Roll's instruments, with its attributes.</summary>
internal sealed record Measurement(Instrument Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string Name => Instrument.Name;

    public object? this[string tag] => Tags.GetValueOrDefault(tag);
}

/// <summary>Listens to Roll's meter and activity source, as an OpenTelemetry SDK would, and keeps what they report.</summary>
/// <remarks>
/// Listeners are process-wide: the tests using this run in the <see cref="TelemetryCollection"/>, one at a time, so
/// that no other test's requests are counted (they filter on their own routes where they can, too).
/// </remarks>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _spans;
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly SemaphoreSlim _changed = new(0);

    public TelemetryRecorder(bool metrics = true, bool traces = true)
    {
        if (metrics)
        {
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RollTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _meters.Start();
        }
        _spans = new ActivityListener
        {
            ShouldListenTo = source => traces && source.Name == RollTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                _stopped.Enqueue(activity);
                _changed.Release();
            },
        };
        ActivitySource.AddActivityListener(_spans);
    }

    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    public IReadOnlyList<Activity> Spans => [.. _stopped];

    /// <summary>The measurements of one instrument.</summary>
    public IReadOnlyList<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Name == instrument)];

    /// <summary>Waits until a measurement that matches has come (the engine records after the answer is sent).</summary>
    public Task<Measurement> WaitForAsync(string instrument, Func<Measurement, bool>? match = null)
        => WaitAsync(() => _measurements.FirstOrDefault(m => m.Name == instrument && (match is null || match(m))));

    /// <summary>Waits until a span that matches has stopped.</summary>
    public Task<Activity> WaitForSpanAsync(Func<Activity, bool> match) => WaitAsync(() => _stopped.FirstOrDefault(match));

    /// <summary>Waits until the sum of an instrument's values (a counter's, an up-down counter's) over matching measurements is <paramref name="sum"/>.</summary>
    public Task WaitForSumAsync(string instrument, double sum, Func<Measurement, bool>? match = null)
        => WaitAsync(() => Of(instrument).Where(m => match is null || match(m)).Sum(m => m.Value) == sum ? this : null);

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
    }

    private async Task<T> WaitAsync<T>(Func<T?> find)
        where T : class
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }
            try
            {
                await _changed.WaitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The measurement or span waited for never came.");
            }
        }
    }

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }
        _measurements.Enqueue(new Measurement(instrument, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
        _changed.Release();
    }
}

/// <summary>The tests that listen to Roll's process-wide meter and activity source: run alone, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
