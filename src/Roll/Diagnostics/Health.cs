using System.Net;

namespace Roll;

/// <summary>The <c>health</c> extension: a liveness answer, and a readiness answer that turns 503 when a graceful stop begins.</summary>
public static class HealthExtensions
{
    /// <summary>Answers <paramref name="livePath"/> with 200 while the process serves, and <paramref name="readyPath"/> with 200 until the server begins to stop (then 503), or while <paramref name="ready"/> says no.</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="livePath">The liveness path: 200 <c>live</c> whenever the app answers at all.</param>
    /// <param name="readyPath">The readiness path: 200 <c>ready</c>; 503 <c>stopping</c> from the <c>stopping</c> event on, 503 <c>not ready</c> while <paramref name="ready"/> returns false.</param>
    /// <param name="ready">An extra readiness check of the app's own (its database reachable, say), run on each readiness request; none when null.</param>
    /// <param name="drainDelay">How long the server goes on accepting connections once it answers 503, so that a load balancer polling readiness stops sending traffic first; none by default.</param>
    public static void Health(this RollApp app, string livePath = "/health", string readyPath = "/ready", Func<Task<bool>>? ready = null,
        TimeSpan drainDelay = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentOutOfRangeException.ThrowIfLessThan(drainDelay, TimeSpan.Zero);
        var stopping = 0;
        app.OnStopping(async () =>
        {
            Volatile.Write(ref stopping, 1);
            if (drainDelay > TimeSpan.Zero)
            {
                await Task.Delay(drainDelay).ConfigureAwait(false);
            }
        });
        app.Route(livePath, (request, response) => Answer(response, HttpStatusCode.OK, "live"));
        app.Route(readyPath, async (request, response) =>
        {
            if (Volatile.Read(ref stopping) == 1)
            {
                Answer(response, HttpStatusCode.ServiceUnavailable, "stopping");
            }
            else if (ready is not null && !await ready().ConfigureAwait(false))
            {
                Answer(response, HttpStatusCode.ServiceUnavailable, "not ready");
            }
            else
            {
                Answer(response, HttpStatusCode.OK, "ready");
            }
        });
    }

    private static void Answer(Response response, HttpStatusCode status, string text)
    {
        response.Status = status;
        response.Headers["Cache-Control"] = "no-store";
        response.Body = text;
    }
}
