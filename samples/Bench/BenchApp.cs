using System.Text.Json.Serialization;
using Roll;

namespace BenchSample;

/// <summary>The five endpoints of Roll's benchmark suite, for side-by-side runs against other servers.</summary>
public static class BenchApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        // snippet: minimal
        app.Route("/hello/minimal", (request, response) =>
            response.SetJson(new Message("Hello, World!"), BenchJson.Default.Message));
        // end-snippet

        app.Route("/hello/with/{parameter}", (request, response, parameter) =>
            response.SetJson(new Parameter(parameter), BenchJson.Default.Parameter));

        app.Route("/hello/cookie", (request, response) =>
        {
            response.Cookies.Set("bench", "value");
            response.SetJson(new CookieAnswer(request.Cookies.GetValueOrDefault("test")), BenchJson.Default.CookieAnswer);
        });

        app.Route("/hello/query", (request, response) =>
            response.SetJson(new QueryAnswer(request.Query.Get("query")), BenchJson.Default.QueryAnswer));

        app.Route("/hello/full/with/{one}/and/{two}", (request, response, one, two) =>
        {
            response.Cookies.Set("bench", "value");
            var answer = new FullAnswer($"{one} and {two}", request.Query.Get("query"), request.Cookies.GetValueOrDefault("test"));
            response.SetJson(answer, BenchJson.Default.FullAnswer);
        });

        return app;
    }
}

// snippet: message
/// <summary>The minimal endpoint's answer.</summary>
public sealed record Message([property: JsonPropertyName("message")] string Text);
// end-snippet

/// <summary>The parameter endpoint's answer.</summary>
public sealed record Parameter([property: JsonPropertyName("parameter")] string Value);

/// <summary>The cookie endpoint's answer.</summary>
public sealed record CookieAnswer([property: JsonPropertyName("cookie")] string? Cookie);

/// <summary>The query endpoint's answer.</summary>
public sealed record QueryAnswer([property: JsonPropertyName("query")] string Query);

/// <summary>The full endpoint's answer.</summary>
public sealed record FullAnswer(
    [property: JsonPropertyName("parameters")] string Parameters,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("cookie")] string? Cookie);

// snippet: context
/// <summary>Generated JSON metadata for the answers: no reflection, so the sample publishes as native AOT.</summary>
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(Parameter))]
[JsonSerializable(typeof(CookieAnswer))]
[JsonSerializable(typeof(QueryAnswer))]
[JsonSerializable(typeof(FullAnswer))]
internal sealed partial class BenchJson : JsonSerializerContext
{
}
// end-snippet
