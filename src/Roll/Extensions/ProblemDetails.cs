using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;

namespace Roll;

/// <summary>The <c>problem_details</c> extension: errors answered as RFC 9457 problem documents to clients that accept JSON.</summary>
public static class ProblemDetailsExtensions
{
    private const string ProblemContentType = "application/problem+json";

    // Problem documents are not embedded in HTML, so "I'm a teapot" can stay as it is rather than "I\u0027m".
    private static readonly ProblemJsonContext s_context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    private static readonly MediaTypeHeaderValue s_problemJson = new(ProblemContentType);
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private static readonly MediaTypeHeaderValue s_text = new("text/plain");

    /// <summary>Answers every <see cref="HttpError"/>, and the 500 of an unexpected exception, with an <c>application/problem+json</c> document when the request accepts JSON; as plain text otherwise.</summary>
    /// <remarks>
    /// The document has <c>type</c> (<c>about:blank</c> unless a <see cref="ProblemError"/> says otherwise), <c>title</c>
    /// (the status phrase), <c>status</c>, <c>detail</c> (the error's message when it has one of its own; never for a 500,
    /// whose message may hold secrets) and <c>instance</c> (the request's path). JSON is chosen when the Accept header ranks
    /// <c>application/problem+json</c> or <c>application/json</c> at least as high as <c>text/plain</c>; no Accept header
    /// accepts anything (RFC 9110 §12.5.1), so it gets JSON too, and an Accept header that cannot be parsed gets text.
    /// </remarks>
    public static void ProblemDetails(this RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnError((request, response, error) =>
        {
            if (!AcceptsJson(request.Headers["Accept"]))
            {
                return;
            }
            var status = (int)error.Status;
            var phrase = StatusPhrases.Get(status);
            var ownMessage = error.Message != phrase && error.Status != HttpStatusCode.InternalServerError;
            var document = new ProblemDocument(
                Type: (error as ProblemError)?.Type ?? "about:blank",
                Title: phrase,
                Status: status,
                Detail: ownMessage ? error.Message : null,
                Instance: request.Path);
            response.Headers["Content-Type"] = ProblemContentType;
            response.Body = JsonSerializer.SerializeToUtf8Bytes(document, s_context.ProblemDocument);
        });
    }

    /// <summary>Whether an Accept header value ranks JSON at least as high as plain text, and above zero.</summary>
    internal static bool AcceptsJson(string? accept)
    {
        if (accept is null || accept.AsSpan().Trim(" \t,").IsEmpty)
        {
            return true;
        }
        if (!ContentNegotiationExtensions.TryParseAccept(accept, out var ranges))
        {
            return false;
        }
        var json = Math.Max(
            ContentNegotiationExtensions.QualityOf(s_problemJson, ranges),
            ContentNegotiationExtensions.QualityOf(s_json, ranges));
        return json > 0 && json >= ContentNegotiationExtensions.QualityOf(s_text, ranges);
    }
}

/// <summary>An <see cref="HttpError"/> whose problem document names a problem type of its own (a URI that documents it).</summary>
public class ProblemError : HttpError
{
    /// <summary>Creates an error answered with <paramref name="status"/>, <paramref name="detail"/> and the problem type <paramref name="type"/>.</summary>
    public ProblemError(HttpStatusCode status, string type, string? detail = null, Exception? innerException = null)
        : base(status, detail, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Type = type;
    }

    /// <summary>The problem type: a URI reference that identifies the kind of problem (RFC 9457 §3.1.1).</summary>
    public string Type { get; }
}

/// <summary>An RFC 9457 problem document, as <see cref="ProblemDetailsExtensions.ProblemDetails"/> writes it.</summary>
/// <param name="Type">A URI reference naming the problem type; <c>about:blank</c> when the status says it all.</param>
/// <param name="Title">A short summary of the problem type: the status phrase.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong this time, for the client's human; null when there is nothing to add.</param>
/// <param name="Instance">The request's path, naming this occurrence.</param>
public sealed record ProblemDocument(string Type, string Title, int Status, string? Detail, string Instance);
