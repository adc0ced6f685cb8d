using System.Net;

namespace Roll;

/// <summary>An error that becomes an HTTP response with its status and message, thrown from anywhere.</summary>
public class HttpError : Exception
{
    /// <summary>Creates an error answered with <paramref name="status"/> and <paramref name="message"/> (the reason phrase when null).</summary>
    public HttpError(HttpStatusCode status, string? message = null, Exception? innerException = null)
        : base(message ?? StatusPhrases.Get((int)status), innerException)
    {
        Status = CheckStatus(status, nameof(status));
    }

    /// <summary>Creates an error from a numeric status code.</summary>
    public HttpError(int status, string? message = null, Exception? innerException = null)
        : this((HttpStatusCode)status, message, innerException)
    {
    }

    /// <summary>The status of the response this error becomes.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The body of the response this error becomes; subclasses may override it (an HTML page, say).</summary>
    public virtual string Body => Message;

    // RFC 9112 §4: a status code is three digits; anything else would make a status line no client can read.
    internal static HttpStatusCode CheckStatus(HttpStatusCode status, string name = nameof(Status))
    {
        if ((int)status is < 100 or > 999)
        {
            throw new ArgumentOutOfRangeException(name, $"'{(int)status}' is not an HTTP status: a status line holds three digits, 100 to 999.");
        }
        return status;
    }
}
