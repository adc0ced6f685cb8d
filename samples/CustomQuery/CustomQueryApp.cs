using Roll;

namespace CustomQuerySample;

// snippet: query
/// <summary>A Query type of the app's own, which knows how to read a date from three parameters.</summary>
public class DateQuery(string queryString) : Query(queryString)
{
    /// <summary>The date made of the <c>year</c>, <c>month</c> and <c>day</c> parameters (400 when one is missing or wrong).</summary>
    public DateOnly Date()
    {
        try
        {
            return new DateOnly(Int("year"), Int("month"), Int("day"));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new HttpError(System.Net.HttpStatusCode.BadRequest, "No such date");
        }
    }
}
// end-snippet

// snippet: request
/// <summary>A Request type that parses its query string with <see cref="DateQuery"/>.</summary>
public class DateRequest : Request
{
    /// <summary>The query, as the app's own type.</summary>
    public new DateQuery Query => (DateQuery)base.Query;

    /// <inheritdoc/>
    protected override Query CreateQuery(string queryString) => new DateQuery(queryString);
}
// end-snippet

/// <summary>Roll's "subclass Roll itself" how-to: handlers get the app's own request type, so its query needs no cast.</summary>
public static class CustomQueryApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        // snippet: app
        var app = new RollApp<DateRequest, Response>();

        app.Route("/hello/", (request, response) =>
        {
            response.Body = request.Query.Date().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        });
        // end-snippet

        return app;
    }
}
