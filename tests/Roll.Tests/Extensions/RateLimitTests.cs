using System.Net;
using System.Threading.RateLimiting;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class RateLimitTests
{
    private static readonly FixedWindowRateLimiterOptions s_twoPerMinute = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) };

    private static RollApp App(Action<RollApp> limit)
    {
        var app = new RollApp();
        limit(app);
        app.Route("/limited", (request, response) => response.Body = "ok");
        app.Route("/free", (request, response) => response.Body = "ok");
        return app;
    }

    private static Dictionary<string, string> Header(string name, string value) => new() { [name] = value };

    [Fact]
    public async Task TheRequestPastTheLimitIs429WithRetryAfter()
    {
        await using var client = new TestClient(App(app => app.RateLimit(s_twoPerMinute)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited")).Status);
        var refused = await client.GetAsync("/limited");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        var retryAfter = int.Parse(refused.Headers["Retry-After"]!);
        Assert.InRange(retryAfter, 1, 60);
    }

    [Fact]
    public async Task ALimitOnOneRouteLeavesTheOthersFree()
    {
        await using var client = new TestClient(App(app => app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) }, path: "/limited")));

        await client.GetAsync("/limited");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/limited")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/free")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/free")).Status);
    }

    [Fact]
    public async Task AnAppWideLimitCountsUnknownPathsToo()
    {
        await using var client = new TestClient(App(app => app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) })));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/probe")).Status);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/free")).Status);
    }

    [Fact]
    public async Task EachKeyOfThePartitionFunctionHasItsOwnBudget()
    {
        await using var client = new TestClient(App(app =>
        {
            // snippet: partition-by-key
            app.RateLimit(
                new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) },
                partitionBy: request => request.Headers["X-Api-Key"] ?? "anonymous");
            // end-snippet
        }));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited", Header("X-Api-Key", "alice"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited", Header("X-Api-Key", "bob"))).Status);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/limited", Header("X-Api-Key", "alice"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited")).Status);
    }

    [Fact]
    public async Task ClientsBehindATrustedProxyAreCountedByTheirOwnAddress()
    {
        var app = App(app => app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) }));
        app.TrustedProxies.Add("127.0.0.1");
        await using var client = await LiveClient.StartAsync(app);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited", Header("X-Forwarded-For", "192.0.2.1"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited", Header("X-Forwarded-For", "192.0.2.2"))).Status);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/limited", Header("X-Forwarded-For", "192.0.2.1"))).Status);
    }

    [Fact]
    public async Task ForwardedAddressesFromAnUntrustedPeerAreIgnored()
    {
        await using var client = await LiveClient.StartAsync(App(app => app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) })));

        await client.GetAsync("/limited", Header("X-Forwarded-For", "192.0.2.1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/limited", Header("X-Forwarded-For", "192.0.2.2"))).Status);
    }

    [Fact]
    public async Task ASlidingWindowRefusesPastItsLimit()
    {
        await using var client = new TestClient(App(app => app.RateLimit(
            new SlidingWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6 })));

        await client.GetAsync("/limited");
        var refused = await client.GetAsync("/limited");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.InRange(int.Parse(refused.Headers["Retry-After"]!), 1, 10);
    }

    [Fact]
    public async Task ATokenBucketAllowsItsBurstThenRefuses()
    {
        await using var client = new TestClient(App(app =>
        {
            // snippet: token-bucket
            app.RateLimit(new TokenBucketRateLimiterOptions { TokenLimit = 3, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(30) });
            // end-snippet
        }));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited")).Status);
        }
        var refused = await client.GetAsync("/limited");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.InRange(int.Parse(refused.Headers["Retry-After"]!), 1, 30);
    }

    [Fact]
    public async Task ATokenBucketRefillsOverTime()
    {
        await using var client = new TestClient(App(app => app.RateLimit(
            new TokenBucketRateLimiterOptions { TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromMilliseconds(50) })));
        await client.GetAsync("/limited");

        var status = HttpStatusCode.TooManyRequests;
        for (var tries = 0; tries < 200 && status != HttpStatusCode.OK; tries++)
        {
            await Task.Delay(10);
            status = (await client.GetAsync("/limited")).Status;
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task AConcurrencyLimitHoldsItsPermitUntilTheAnswerIsSent()
    {
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var app = new RollApp();
        // snippet: concurrency
        app.RateLimit(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        // end-snippet
        app.Route("/slow", async (request, response) =>
        {
            entered.TrySetResult();
            await release.Task;
            response.Body = "done";
        });
        await using var client = new TestClient(app);
        await using var other = new TestClient(app);

        var first = client.GetAsync("/slow");
        await entered.Task;
        var refused = await other.GetAsync("/slow");
        release.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await first).Status);
        var after = await client.GetAsync("/slow");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Null(refused.Headers["Retry-After"]);
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task ARefusalIsAProblemDocumentWithProblemDetails()
    {
        await using var client = new TestClient(App(app =>
        {
            app.ProblemDetails();
            app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) });
        }));
        await client.GetAsync("/limited");

        var refused = await client.GetAsync("/limited", Header("Accept", "application/json"));

        Assert.Equal("application/problem+json", refused.Headers["Content-Type"]);
        Assert.Contains("\"status\":429", refused.Text);
        Assert.NotNull(refused.Headers["Retry-After"]);
    }

    [Fact]
    public void AnInvalidLimitFailsAtRegistration()
    {
        var app = new RollApp();

        Assert.ThrowsAny<ArgumentException>(() => app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.Zero }));
    }
}
