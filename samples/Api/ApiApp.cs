using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Roll;

namespace ApiSample;

/// <summary>A small JSON service: compressed items, problem documents, a rate-limited route, a signed-cookie session and server-sent events.</summary>
public static class ApiApp
{
    private static readonly Item[] s_items = [.. Enumerable.Range(1, 200).Select(n => new Item(n, $"item {n}"))];

    /// <summary>Makes the app; its session cookie is signed with <paramref name="secrets"/> (newest first), or with <c>ROLL_SECRET_KEYS</c> when null.</summary>
    public static RollApp Create(IEnumerable<string>? secrets = null)
    {
        var app = new RollApp();
        // snippet: extensions
        app.ProblemDetails();
        app.Compression();
        app.SignedCookies(secrets);
        app.Sessions();
        app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = 5, Window = TimeSpan.FromSeconds(10) }, path: "/limited");
        // end-snippet

        // snippet: items
        app.Route("/items", (request, response) => response.SetJson(s_items, ApiJsonContext.Default.ItemArray));

        app.Route("/items/{id:digit}", (request, response, id) =>
        {
            var n = int.TryParse(id, CultureInfo.InvariantCulture, out var value) ? value : 0;
            if (n is < 1 or > 200)
            {
                throw new HttpError(HttpStatusCode.NotFound, $"There is no item {id}: items go from 1 to 200.");
            }
            response.SetJson(s_items[n - 1], ApiJsonContext.Default.Item);
        });
        // end-snippet

        app.Route("/limited", (request, response) => response.Body = "Within the limit");

        // snippet: session
        app.Route("/login", (request, response) =>
        {
            var name = request.Form.Get("name", null);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new HttpError(HttpStatusCode.BadRequest, "Send a form field 'name'.");
            }
            request.Session["name"] = name;
            response.Body = $"Logged in as {name}";
        }, methods: ["POST"]);

        app.Route("/me", (request, response) =>
        {
            var name = request.Session["name"] ?? throw new HttpError(HttpStatusCode.Unauthorized, "Log in first: POST /login with a form field 'name'.");
            response.Body = $"Hello {name}";
        });
        // end-snippet

        // snippet: events
        app.Route("/events", (request, response) => response.EventStream(TicksAsync(request.LastEventId)));
        // end-snippet

        return app;
    }

    // snippet: ticks
    /// <summary>Ticks 1 to 5, one every 100 ms, after the one the client last saw (its Last-Event-ID) when it reconnects.</summary>
    private static async IAsyncEnumerable<SseItem<string>> TicksAsync(string? lastEventId, [EnumeratorCancellation] CancellationToken aborted = default)
    {
        var first = int.TryParse(lastEventId, CultureInfo.InvariantCulture, out var last) ? last + 1 : 1;
        for (var n = Math.Max(first, 1); n <= 5; n++)
        {
            await Task.Delay(100, aborted);
            var text = n.ToString(CultureInfo.InvariantCulture);
            yield return new SseItem<string>(text, "tick") { EventId = text };
        }
    }
    // end-snippet
}

/// <summary>One item of the service.</summary>
public sealed record Item(int Id, string Name);

/// <summary>Generated JSON metadata for the items, so that the app publishes as native AOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Item))]
[JsonSerializable(typeof(Item[]))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
}
