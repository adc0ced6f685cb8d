namespace Roll;

/// <summary>The <c>options</c> extension: OPTIONS requests answered at once, before routing and body.</summary>
public static class OptionsExtensions
{
    /// <summary>Answers OPTIONS requests from the <c>headers</c> event with 204 No Content and an Allow header, so that a CORS preflight succeeds.</summary>
    /// <remarks>
    /// A route that has an OPTIONS handler of its own keeps it; an unknown path is still a 404. Register this before
    /// listeners that should not see OPTIONS requests: it stops the <c>headers</c> chain for them.
    /// </remarks>
    public static void Options(this RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnHeaders((request, response) =>
        {
            if (request.Method != "OPTIONS")
            {
                return false;
            }
            var route = request.Route.Route;
            if (route is null)
            {
                // RFC 9110 §9.3.7: "OPTIONS *" asks about the server as a whole.
                if (request.Path != "*")
                {
                    return false;
                }
                response.Status = System.Net.HttpStatusCode.NoContent;
                return true;
            }
            if (route.Methods.Contains("OPTIONS"))
            {
                return false;
            }
            var allow = new List<string>(route.Methods);
            if (allow.Contains("GET") && !allow.Contains("HEAD"))
            {
                allow.Add("HEAD");
            }
            allow.Add("OPTIONS");
            response.Headers["Allow"] = string.Join(", ", allow);
            response.Status = System.Net.HttpStatusCode.NoContent;
            return true;
        });
    }
}
