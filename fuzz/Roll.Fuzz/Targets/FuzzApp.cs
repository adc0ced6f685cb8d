using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Roll.Fuzz;

/// <summary>The tiny app the protocol target serves: one route per way a handler can treat a body or shape an answer.</summary>
/// <remarks>
/// <c>/</c> answers ok; <c>/echo/...</c> its method and path; <c>/read</c> echoes the body loaded before the handler;
/// <c>/lazy</c> counts a lazy body chunk by chunk, <c>/lazy-read</c> reads it whole, <c>/ignore</c> never reads it
/// (the engine drains or closes); <c>/stream</c> streams its answer; <c>/throw</c> fails (500); <c>/status/N</c>
/// answers status N with a body (which 204 and 304 must drop); <c>/head</c> sets its own Content-Length (which a
/// HEAD answer keeps, without the body); <c>/close</c> asks for the connection to close.
/// </remarks>
internal sealed class FuzzApp : RollApp
{
    private static readonly string[] s_anyMethod = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];

    /// <summary>Creates the app; <paramref name="methods"/> receives the method of every request it handles, in order.</summary>
    public FuzzApp(List<string> methods, ILogger logger)
    {
        Logger = logger;
        OnHeaders((request, response) => methods.Add(request.Method));
        Route("/", (request, response) => response.Body = "ok", methods: ["GET", "HEAD", "POST"]);
        Route("/echo/{rest:path}", (request, response, rest) => response.Body = $"{request.Method} {request.Path}", methods: s_anyMethod);
        Route("/read", (request, response) => response.Body = request.Body, methods: ["POST", "PUT"]);
        Route("/lazy", async (request, response) =>
        {
            var total = 0;
            await foreach (var chunk in request.ReadChunksAsync().ConfigureAwait(false))
            {
                total += chunk.Length;
            }
            response.Body = total.ToString(CultureInfo.InvariantCulture);
        }, methods: ["POST", "PUT"], lazyBody: true);
        Route("/lazy-read", async (request, response) =>
        {
            response.Body = (await request.ReadAsync().ConfigureAwait(false)).Length.ToString(CultureInfo.InvariantCulture);
        }, methods: ["POST", "PUT"], lazyBody: true);
        Route("/ignore", (request, response) => response.Body = "ignored", methods: ["POST", "PUT"], lazyBody: true);
        Route("/stream", (request, response) => response.Body = ResponseBody.FromChunks(Pieces(request.Body)), methods: s_anyMethod);
        Route("/throw", (request, response) => throw new AskedFailure(), methods: s_anyMethod);
        Route("/status/{code}", (request, response, code) =>
        {
            // Final statuses only: the engine answers a handler's 1xx with a logged 500, which is the app's bug, not the engine's.
            response.StatusCode = int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 200 and <= 599
                ? status
                : 400;
            response.Body = "a body";
        }, methods: s_anyMethod);
        Route("/head", (request, response) =>
        {
            response.Headers["Content-Length"] = "5";
            response.Body = "hello";
        }, methods: ["GET", "HEAD"]);
        Route("/keep", (request, response) =>
        {
            // The engine may still close (HTTP/1.0, an unread body, a refusal): it must then say so, whatever the handler set.
            response.Headers["Connection"] = "keep-alive";
            response.Body = "kept?";
        }, methods: s_anyMethod, lazyBody: true);
        Route("/close", (request, response) =>
        {
            response.Headers["Connection"] = "close";
            response.Body = "bye";
        }, methods: s_anyMethod);
    }

    private static async IAsyncEnumerable<string> Pieces(byte[] body)
    {
        yield return "first ";
        yield return Encoding.Latin1.GetString(body);
        await Task.CompletedTask.ConfigureAwait(false);
        yield return "";
        yield return " last";
    }
}

/// <summary>What the app's /throw route throws: the app logs it as any handler's failure, and that log is expected.</summary>
internal sealed class AskedFailure() : InvalidOperationException("The handler failed, as asked");
