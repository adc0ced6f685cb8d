using Roll;
using Roll.Hosting;

namespace HostingSample;

/// <summary>Counts visits in a singleton service that the handler gets from the host.</summary>
public sealed class VisitCounter
{
    private int _count;

    /// <summary>Counts one more visit and returns the total.</summary>
    public int Visit() => Interlocked.Increment(ref _count);
}

/// <summary>An app run by the Generic Host: its services come from dependency injection, its addresses and limits from configuration.</summary>
public static class HostingApp
{
    /// <summary>Sets up the app's routes.</summary>
    public static void Configure(RollApp app)
    {
        // snippet: handler
        app.Route("/hello/{name}", (request, response, name) =>
        {
            var visits = request.GetService<VisitCounter>().Visit();
            response.Body = $"Hello {name}, visit {visits}";
        });
        // end-snippet
    }
}
