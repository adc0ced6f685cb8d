using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Roll.Server;

namespace Roll.Benchmarks;

/// <summary>What the rate limit extension costs a request: one keep-alive request end to end, without a limit and with each kind of limiter (never refusing).</summary>
[MemoryDiagnoser]
public class RateLimitBenchmarks
{
    private static readonly byte[] s_request = Encoding.ASCII.GetBytes("GET /hello HTTP/1.1\r\nHost: bench\r\n\r\n");

    private Pipe _requests = null!;
    private Pipe _responses = null!;
    private Task _connection = null!;

    /// <summary>The limiter in front of the route; none for the baseline.</summary>
    [Params("none", "fixed-window", "sliding-window", "token-bucket", "concurrency", "by-header")]
    public string Limiter { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        var app = new RollApp();
        switch (Limiter)
        {
            case "fixed-window":
                app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = int.MaxValue, Window = TimeSpan.FromSeconds(1) });
                break;
            case "sliding-window":
                app.RateLimit(new SlidingWindowRateLimiterOptions { PermitLimit = int.MaxValue, Window = TimeSpan.FromSeconds(1), SegmentsPerWindow = 10 });
                break;
            case "token-bucket":
                app.RateLimit(new TokenBucketRateLimiterOptions { TokenLimit = int.MaxValue, TokensPerPeriod = int.MaxValue, ReplenishmentPeriod = TimeSpan.FromSeconds(1) });
                break;
            case "concurrency":
                app.RateLimit(new ConcurrencyLimiterOptions { PermitLimit = 100 });
                break;
            case "by-header":
                app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = int.MaxValue, Window = TimeSpan.FromSeconds(1) },
                    partitionBy: request => request.Host);
                break;
        }
        app.Route("/hello", (request, response) => response.Body = "Hello");
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
