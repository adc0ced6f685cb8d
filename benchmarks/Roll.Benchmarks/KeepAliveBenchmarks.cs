using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Roll.Server;

namespace Roll.Benchmarks;

/// <summary>One keep-alive request to the Bench sample, end to end through the engine over in-memory pipes.</summary>
[MemoryDiagnoser]
public class KeepAliveBenchmarks
{
    private static readonly byte[] s_minimal = Encoding.ASCII.GetBytes("GET /hello/minimal HTTP/1.1\r\nHost: bench\r\n\r\n");
    private static readonly byte[] s_full = Encoding.ASCII.GetBytes(
        "GET /hello/full/with/foo/and/bar?query=foobar HTTP/1.1\r\nHost: bench\r\nCookie: test=bench\r\n\r\n");

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
    }

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
