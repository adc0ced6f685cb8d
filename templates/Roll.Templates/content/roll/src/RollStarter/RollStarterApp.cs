using System.Net;
using Roll;

namespace RollStarter;

/// <summary>The app: a greeting with a placeholder, an error for a fool, a startup message.</summary>
public static class RollStarterApp
{
    /// <summary>Makes the app; the program serves it, the tests call it too.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        app.OnStartup(() => Console.WriteLine("Startup: ready to roll!"));

        app.Route("/hello/{parameter}", (request, response, parameter) =>
        {
            if (parameter == "foo")
            {
                throw new HttpError(HttpStatusCode.BadRequest, "Run, you foo(l)!");
            }
            response.Body = $"Hello {parameter}";
        });

        return app;
    }
}
