using Roll;

namespace KestrelSample;

/// <summary>An app that runs on Kestrel as it would on Roll's engine: a greeting that tells how it came, and a websocket echo.</summary>
public static class KestrelApp
{
    /// <summary>Makes the app: nothing in it knows which engine serves it.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        // snippet: app
        app.Route("/hello/{name}", (request, response, name) =>
        {
            // Over TLS, Roll.Kestrel states the scheme in X-Forwarded-Proto.
            var scheme = request.Headers["X-Forwarded-Proto"] ?? "http";
            response.Body = $"Hello {name}, over {scheme}\n";
        });

        app.Route("/echo", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket");
        // end-snippet

        return app;
    }
}
