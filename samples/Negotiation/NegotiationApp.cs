using System.Text.Json.Nodes;
using Roll;

namespace NegotiationSample;

/// <summary>Roll's content negotiation how-to: one route that answers HTML or JSON, and 406 to anything else.</summary>
public static class NegotiationApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        // snippet: negotiation
        var app = new RollApp();
        app.ContentNegotiation();

        app.Route("/test", (request, response) =>
        {
            if (request.PreferredMediaType() == "text/html")
            {
                response.Headers["Content-Type"] = "text/html; charset=utf-8";
                response.Body = "<h1>accepted</h1>";
            }
            else
            {
                response.Json = new JsonObject { ["status"] = "accepted" };
            }
        }, accepts: ["text/html", "application/json"]);
        // end-snippet

        return app;
    }
}
