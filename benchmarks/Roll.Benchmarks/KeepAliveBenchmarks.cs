using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Roll.Server;

namespace Roll.Benchmarks;

/// <summary>One keep-alive request to the Bench sample, end to end through the engine over in-memory pipes.</summary>
/// <remarks>
/// A lone request hands its answer over through the thread pool, so its time moves with the machine; the pipelined
/// methods send <see cref="Depth"/> requests in one write, which the engine answers in one go, so that hop is spread
/// over the batch and what a request allocates in a batch shows.
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
    private long _minimalAnswer;
    private long _fullAnswer;
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
        // One answer's length (its Date header is always as long), read from the first answer the engine sends.
        _minimalAnswer = ExchangeAsync(s_minimal, 1).AsTask().GetAwaiter().GetResult();
        _fullAnswer = ExchangeAsync(s_full, 1).AsTask().GetAwaiter().GetResult();
    }

    private static byte[] Batch(byte[] request) => [.. Enumerable.Repeat(request, Depth).SelectMany(bytes => bytes)];

    [GlobalCleanup]
    public void Cleanup()
    {
        _requests.Writer.Complete();
        _connection.GetAwaiter().GetResult();
    }

    [Benchmark]
    public ValueTask<long> Minimal() => ExchangeAsync(s_minimal, _minimalAnswer);

    [Benchmark]
    public ValueTask<long> Full() => ExchangeAsync(s_full, _fullAnswer);

    [Benchmark(OperationsPerInvoke = Depth)]
    public ValueTask<long> MinimalPipelined() => ExchangeAsync(_minimalBatch, Depth * _minimalAnswer);

    [Benchmark(OperationsPerInvoke = Depth)]
    public ValueTask<long> FullPipelined() => ExchangeAsync(_fullBatch, Depth * _fullAnswer);

    // Pooled, so that the benchmark's own async state (it waits for the engine's answers) is not counted as the engine's.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> ExchangeAsync(byte[] requests, long answers)
    {
        await _requests.Writer.WriteAsync(requests);
        long length = 0;
        while (length < answers)
        {
            var result = await _responses.Reader.ReadAsync();
            length += result.Buffer.Length;
            _responses.Reader.AdvanceTo(result.Buffer.End);
        }
        return length;
    }
}
