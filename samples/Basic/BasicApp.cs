using System.Net;
using Roll;

namespace BasicSample;

/// <summary>Roll's basic example: a greeting with a placeholder, an error for a fool, a startup message; CORS, a request log, a banner and stack traces.</summary>
public static class BasicApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();
        // snippet: extensions
        app.Cors();
        app.Logger();
        app.Igniter();
        app.Traceback();
        // end-snippet

        // snippet: taste
        app.OnStartup(() => Console.WriteLine("Startup: ready to roll!"));

        // snippet: hello
        app.Route("/hello/{parameter}", (request, response, parameter) =>
        {
            if (parameter == "foo")
            {
                throw new HttpError(HttpStatusCode.BadRequest, "Run, you foo(l)!");
            }
            response.Body = $"Hello {parameter}";
        });
        // end-snippet
        // end-snippet

        return app;
    }
}
