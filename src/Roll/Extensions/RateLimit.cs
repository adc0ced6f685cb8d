using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;

namespace Roll;

/// <summary>The <c>rate_limit</c> extension: requests limited per client (or per any key of the request) with System.Threading.RateLimiting; refused ones get 429 and Retry-After.</summary>
/// <remarks>
/// Each call adds one limit, app wide or for one route, checked when the request head is parsed (before its body is
/// read), in registration order. A client gets a limiter of its own on its first request (see
/// <see cref="RateLimitPartitions{TKey}"/>): it is dropped once it has been full and unused for <c>idleTimeout</c>,
/// and past <c>maxPartitions</c> clients new ones share a single limiter, so the memory a flood of addresses can take is
/// bounded. A refused request is an <see cref="HttpError"/> 429, so it reaches the <c>error</c> listeners (and
/// <see cref="ProblemDetailsExtensions.ProblemDetails"/>), with <c>Retry-After</c> in whole seconds when the limiter
/// says when to retry (the sliding window's next segment when it does not; none for the concurrency limiter, which cannot know).
/// </remarks>
public static class RateLimitExtensions
{
    /// <summary>Allows <see cref="FixedWindowRateLimiterOptions.PermitLimit"/> requests per window, per client address or per <paramref name="partitionBy"/> key.</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="options">The limit; its <c>AutoReplenishment</c> is ignored (one timer replenishes every partition).</param>
    /// <param name="partitionBy">The key requests are counted by; the client's address (<see cref="Request.ClientAddress"/>, trusted-proxy aware) when null.</param>
    /// <param name="path">The route pattern, as registered, that the limit applies to; every request when null.</param>
    /// <param name="maxPartitions">How many keys get a limiter of their own; past that, new keys share one.</param>
    /// <param name="idleTimeout">How long an unused, fully replenished limiter is kept; 30 seconds when null.</param>
    public static void RateLimit(this RollApp app, FixedWindowRateLimiterOptions options, Func<Request, string>? partitionBy = null,
        string? path = null, int maxPartitions = 10_000, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit, Window = options.Window, QueueLimit = options.QueueLimit,
            QueueProcessingOrder = options.QueueProcessingOrder, AutoReplenishment = false,
        };
        Add(app, () => new FixedWindowRateLimiter(copy), options.Window, partitionBy, path, maxPartitions, idleTimeout);
    }

    /// <summary>Allows <see cref="SlidingWindowRateLimiterOptions.PermitLimit"/> requests in any window, counted by segments, per client address or per <paramref name="partitionBy"/> key.</summary>
    /// <inheritdoc cref="RateLimit(RollApp, FixedWindowRateLimiterOptions, Func{Request, string}?, string?, int, TimeSpan?)" path="/param"/>
    public static void RateLimit(this RollApp app, SlidingWindowRateLimiterOptions options, Func<Request, string>? partitionBy = null,
        string? path = null, int maxPartitions = 10_000, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit, Window = options.Window, SegmentsPerWindow = options.SegmentsPerWindow,
            QueueLimit = options.QueueLimit, QueueProcessingOrder = options.QueueProcessingOrder, AutoReplenishment = false,
        };
        // The library's sliding window gives no RetryAfter: a permit can come back when the oldest segment slides out.
        var segment = options.Window / Math.Max(options.SegmentsPerWindow, 1);
        Add(app, () => new SlidingWindowRateLimiter(copy), segment, partitionBy, path, maxPartitions, idleTimeout, retryAfter: segment);
    }

    /// <summary>Allows bursts of <see cref="TokenBucketRateLimiterOptions.TokenLimit"/> requests, refilled at a steady rate, per client address or per <paramref name="partitionBy"/> key.</summary>
    /// <inheritdoc cref="RateLimit(RollApp, FixedWindowRateLimiterOptions, Func{Request, string}?, string?, int, TimeSpan?)" path="/param"/>
    public static void RateLimit(this RollApp app, TokenBucketRateLimiterOptions options, Func<Request, string>? partitionBy = null,
        string? path = null, int maxPartitions = 10_000, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.TokenLimit, TokensPerPeriod = options.TokensPerPeriod, ReplenishmentPeriod = options.ReplenishmentPeriod,
            QueueLimit = options.QueueLimit, QueueProcessingOrder = options.QueueProcessingOrder, AutoReplenishment = false,
        };
        Add(app, () => new TokenBucketRateLimiter(copy), options.ReplenishmentPeriod, partitionBy, path, maxPartitions, idleTimeout);
    }

    /// <summary>Allows <see cref="ConcurrencyLimiterOptions.PermitLimit"/> requests at once (until each answer is sent), per client address or per <paramref name="partitionBy"/> key.</summary>
    /// <inheritdoc cref="RateLimit(RollApp, FixedWindowRateLimiterOptions, Func{Request, string}?, string?, int, TimeSpan?)" path="/param"/>
    public static void RateLimit(this RollApp app, ConcurrencyLimiterOptions options, Func<Request, string>? partitionBy = null,
        string? path = null, int maxPartitions = 10_000, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Add(app, () => new ConcurrencyLimiter(options), null, partitionBy, path, maxPartitions, idleTimeout, holdLease: true);
    }

    private static void Add(RollApp app, Func<RateLimiter> create, TimeSpan? period, Func<Request, string>? partitionBy, string? path,
        int maxPartitions, TimeSpan? idleTimeout, bool holdLease = false, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Options are checked by the limiter's constructor: make one now so that a bad limit fails at registration.
        create().Dispose();
        var idle = idleTimeout ?? TimeSpan.FromSeconds(30);
        // Replenish as often as the limit needs, up to ten times a second (as PartitionedRateLimiter does).
        var tick = period is { } p && p < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(Math.Max(p.TotalMilliseconds, 1)) : TimeSpan.FromMilliseconds(100);
        if (partitionBy is null)
        {
            var partitions = new RateLimitPartitions<IPAddress>(create, maxPartitions, idle, tick);
            app.OnShutdown(partitions.Dispose);
            app.OnHeaders((request, response) => Applies(request, path)
                ? Limit(partitions.AcquireAsync(request.ClientAddress ?? IPAddress.None), request, response, holdLease, retryAfter)
                : Task.CompletedTask);
        }
        else
        {
            var partitions = new RateLimitPartitions<string>(create, maxPartitions, idle, tick);
            app.OnShutdown(partitions.Dispose);
            app.OnHeaders((request, response) => Applies(request, path)
                ? Limit(partitions.AcquireAsync(partitionBy(request) ?? string.Empty), request, response, holdLease, retryAfter)
                : Task.CompletedTask);
        }
    }

    private static bool Applies(Request request, string? path) => path is null || request.Route.Route?.Pattern == path;

    // Most limiters answer at once (no queue): then no task is made.
    private static Task Limit(ValueTask<RateLimitLease> acquisition, Request request, Response response, bool holdLease, TimeSpan? fallbackRetryAfter)
    {
        if (acquisition.IsCompletedSuccessfully)
        {
            Admit(acquisition.Result, request, response, holdLease, fallbackRetryAfter);
            return Task.CompletedTask;
        }
        return LimitAsync(acquisition, request, response, holdLease, fallbackRetryAfter);
    }

    private static async Task LimitAsync(ValueTask<RateLimitLease> acquisition, Request request, Response response, bool holdLease, TimeSpan? fallbackRetryAfter)
        => Admit(await acquisition.ConfigureAwait(false), request, response, holdLease, fallbackRetryAfter);

    private static void Admit(RateLimitLease lease, Request request, Response response, bool holdLease, TimeSpan? fallbackRetryAfter)
    {
        if (lease.IsAcquired)
        {
            if (holdLease)
            {
                // A concurrency permit is held until the answer is sent (a streamed body included).
                request.DisposeAfterRequest(lease);
            }
            else
            {
                lease.Dispose();
            }
            return;
        }
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) || fallbackRetryAfter is { } fallback && (retryAfter = fallback) > TimeSpan.Zero)
        {
            // RFC 9110 §10.2.3: delay-seconds is a whole number; round up, so that a client that waits is let in.
            response.Headers["Retry-After"] = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        lease.Dispose();
        throw new HttpError(HttpStatusCode.TooManyRequests);
    }
}
