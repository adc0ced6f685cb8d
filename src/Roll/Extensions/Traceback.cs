using System.Net;

namespace Roll;

/// <summary>The <c>traceback</c> extension: the full stack trace of every 500 on the server's error output.</summary>
public static class TracebackExtensions
{
    /// <summary>Writes the request line and the full exception (type, message, stack trace, inner exceptions) of every 500 to <paramref name="output"/>.</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="output">Where to write; the standard error stream when null.</param>
    public static void Traceback(this RollApp app, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Requests fail concurrently: one trace must not interleave with another.
        var writer = output is null ? null : TextWriter.Synchronized(output);
        app.OnError((request, response, error) =>
        {
            if (error.Status != HttpStatusCode.InternalServerError)
            {
                return;
            }
            var exception = error.InnerException ?? error;
            (writer ?? Console.Error).WriteLine($"500 on {request.Method} {request.Url}{Environment.NewLine}{exception}");
        });
    }
}
