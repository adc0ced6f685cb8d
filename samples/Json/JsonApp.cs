using System.Text.Json.Nodes;
using Roll;

namespace JsonSample;

/// <summary>Roll's "return JSON" how-to: a handler sets <c>response.Json</c>.</summary>
public static class JsonApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        // snippet: hello
        app.Route("/hello/{parameter}", (request, response, parameter) =>
        {
            response.Json = new JsonObject { ["hello"] = parameter };
        });
        // end-snippet

        return app;
    }
}
