using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Roll.Server;

namespace Roll.Benchmarks;

/// <summary>One keep-alive request to the Bench sample, end to end through the engine over in-memory pipes.</summary>
/// <remarks>
/// A lone request hands its answer over through the thread pool, so its time moves with the machine; the pipelined
/// methods send <see cref="Depth"/> requests in one write, which the engine answers in one go, and give the engine's own
/// time per request with that hop spread over the batch: the figures to tell two builds of the engine apart.
/// </remarks>
[MemoryDiagnoser]
public class KeepAliveBenchmarks
{
    private static readonly byte[] s_minimal = Encoding.ASCII.GetBytes("GET /hello/minimal HTTP/1.1\r\nHost: bench\r\n\r\n");
    private static readonly byte[] s_full = Encoding.ASCII.GetBytes(
        "GET /hello/full/with/foo/and/bar?query=foobar HTTP/1.1\r\nHost: bench\r\nCookie: test=bench\r\n\r\n");

    /// <summary>How many requests the pipelined methods send in one write.</summary>
    public const int Depth = 64;

    private byte[] _minimalBatch = null!;
    private byte[] _fullBatch = null!;
    private long _minimalAnswers;
    private long _fullAnswers;
    private Pipe _requests = null!;
    private Pipe _responses = null!;
    private Task _connection = null!;

    [GlobalSetup]
    public void Setup()
    {
        var app = BenchSample.BenchApp.Create();
        _requests = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _responses = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _connection = app.CreateProtocol(new DuplexPipe(_requests.Reader, _responses.Writer)).RunAsync();
        _minimalBatch = Batch(s_minimal);
        _fullBatch = Batch(s_full);
        _minimalAnswers = Depth * RoundTripAsync(s_minimal).AsTask().GetAwaiter().GetResult();
        _fullAnswers = Depth * RoundTripAsync(s_full).AsTask().GetAwaiter().GetResult();
    }

    private static byte[] Batch(byte[] request) => [.. Enumerable.Repeat(request, Depth).SelectMany(bytes => bytes)];

    [GlobalCleanup]
    public void Cleanup()
    {
        _requests.Writer.Complete();
        _connection.GetAwaiter().GetResult();
    }

    [Benchmark]
    public ValueTask<long> Minimal() => RoundTripAsync(s_minimal);

    [Benchmark]
    public ValueTask<long> Full() => RoundTripAsync(s_full);

    [Benchmark(OperationsPerInvoke = Depth)]
    public ValueTask<long> MinimalPipelined() => BatchAsync(_minimalBatch, _minimalAnswers);

    [Benchmark(OperationsPerInvoke = Depth)]
    public ValueTask<long> FullPipelined() => BatchAsync(_fullBatch, _fullAnswers);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> BatchAsync(byte[] batch, long answers)
    {
        await _requests.Writer.WriteAsync(batch);
        long length = 0;
        while (length < answers)
        {
            var result = await _responses.Reader.ReadAsync();
            length += result.Buffer.Length;
            _responses.Reader.AdvanceTo(result.Buffer.End);
        }
        return length;
    }

    // Pooled, so that the benchmark's own async state (it waits for the engine's answer) is not counted as the engine's.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> RoundTripAsync(byte[] request)
    {
        await _requests.Writer.WriteAsync(request);
        var result = await _responses.Reader.ReadAsync();
        var length = result.Buffer.Length;
        _responses.Reader.AdvanceTo(result.Buffer.End);
        return length;
    }
}
