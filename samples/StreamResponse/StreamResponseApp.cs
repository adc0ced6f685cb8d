using Roll;

namespace StreamResponseSample;

/// <summary>Roll's streaming example: a bundled file sent chunk by chunk, never loaded whole.</summary>
public static class StreamResponseApp
{
    /// <summary>The file the sample streams, bundled next to the executable.</summary>
    public static string CheerPath { get; } = Path.Combine(AppContext.BaseDirectory, "cheer.txt");

    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        // snippet: cheer
        app.Route("/cheer", (request, response) =>
        {
            response.Headers["Content-Type"] = "text/plain; charset=utf-8";
            response.Headers["Content-Disposition"] = "attachment; filename=cheer.txt";
            response.Body = File.OpenRead(CheerPath);
        });
        // end-snippet

        return app;
    }
}
