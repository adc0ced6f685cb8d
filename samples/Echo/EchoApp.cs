using System.Text;
using Roll;

namespace EchoSample;

/// <summary>An echo server: the request's body, headers or cookies sent back, for trying clients and proxies.</summary>
public static class EchoApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        app.Route("/", (request, response) => response.Body = "OK", methods: ["GET", "HEAD", "OPTIONS"]);

        app.Route("/", (request, response) => response.Body = request.Body, methods: ["POST"]);

        app.Route("/echo", (request, response) =>
        {
            var lines = new StringBuilder();
            foreach (var (name, value) in request.Headers)
            {
                lines.Append(name).Append(": ").Append(value).Append('\n');
            }
            response.Body = lines.ToString();
        }, methods: ["*"]);

        app.Route("/cookie", (request, response) =>
        {
            var lines = new StringBuilder();
            foreach (var (name, value) in request.Cookies)
            {
                lines.Append(name).Append('=').Append(value).Append('\n');
            }
            response.Body = lines.ToString();
        }, methods: ["*"]);

        return app;
    }
}
