using Roll;

namespace FullAsyncSample;

/// <summary>Roll's full-async example: the body is read lazily and streamed back as it arrives, so any size passes in flat memory.</summary>
public static class FullAsyncApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        // snippet: fullasync
        app.Route("/fullasync", (request, response) =>
        {
            response.Body = ResponseBody.FromChunks(request.ReadChunksAsync());
        }, methods: ["POST"], lazyBody: true);
        // end-snippet

        return app;
    }
}
