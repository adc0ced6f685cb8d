using System.Buffers;
using System.Net;
using Roll.Server;

namespace Roll.Fuzz;

/// <summary>Fuzzes the request-head parser alone: the head as it arrives in pieces, then whole, against the parser's invariants.</summary>
/// <remarks>
/// What must hold: the parser refuses only with an <see cref="HttpError"/> of a status the engine documents; a head
/// refused while it was still arriving is refused once complete (a request must not be accepted or refused
/// according to how the network cut it); what it accepts is consistent (ranges inside the head, a token method,
/// one framing); the heads pipelined after it read the same on the connection's reused head as on a fresh one.
/// </remarks>
internal static class ParserTarget
{
    private static readonly ServerLimits s_limits = new();
    private static readonly HttpStatusCode[] s_refusals =
    [
        HttpStatusCode.BadRequest,
        HttpStatusCode.RequestUriTooLong,
        HttpStatusCode.ExpectationFailed,
        HttpStatusCode.RequestHeaderFieldsTooLarge,
        HttpStatusCode.NotImplemented,
        HttpStatusCode.HttpVersionNotSupported,
    ];

    private static readonly SearchValues<char> s_tokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    [ThreadStatic]
    private static List<Range>? t_segments;

    /// <summary>Runs one input (see <see cref="FuzzInput"/>); throws <see cref="FuzzFinding"/> when an invariant breaks.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        var segments = t_segments ??= [];
        var bytes = FuzzInput.Split(input, segments);
        var head = new RequestHead();
        HttpError? refusedEarly = null;
        for (var i = 0; i < segments.Count - 1 && refusedEarly is null; i++)
        {
            var prefix = bytes[..segments[i].End.Value];
            if (HttpParser.FindHeadEnd(prefix, out _) >= 0)
            {
                break;
            }
            try
            {
                HttpParser.ParseIncomplete(head, prefix, s_limits);
            }
            catch (Exception error)
            {
                refusedEarly = Refusal(error, "ParseIncomplete");
            }
        }

        var length = HttpParser.FindHeadEnd(bytes, out var start);
        if (length < 0)
        {
            try
            {
                HttpParser.ParseIncomplete(head, bytes, s_limits);
            }
            catch (Exception error)
            {
                Refusal(error, "ParseIncomplete");
            }
            return;
        }
        if (start < 0 || start + length > bytes.Length)
        {
            throw new FuzzFinding($"FindHeadEnd found a head at {start} of {length} bytes in an input of {bytes.Length}");
        }
        head.EnsureCapacity(length);
        bytes.Slice(start, length).CopyTo(head.Buffer);
        head.Reset(length);
        HttpError? refused = null;
        try
        {
            HttpParser.Parse(head, s_limits);
        }
        catch (Exception error)
        {
            refused = Refusal(error, "Parse");
        }
        if (refused is null && refusedEarly is not null)
        {
            throw new FuzzFinding($"A head refused while arriving ({(int)refusedEarly.Status} {refusedEarly.Message}) is accepted once complete");
        }
        if (refused is null)
        {
            CheckAccepted(head);
            CheckReuse(head, bytes[(start + length)..]);
        }
    }

    /// <summary>A connection parses all its heads into one reused <see cref="RequestHead"/> (which remembers the last path): each next head must read the same on it as on a fresh one.</summary>
    private static void CheckReuse(RequestHead reused, ReadOnlySpan<byte> rest)
    {
        while (!reused.HasBody)
        {
            var length = HttpParser.FindHeadEnd(rest, out var start);
            if (length < 0)
            {
                return;
            }
            var fresh = new RequestHead();
            var bytes = rest.Slice(start, length);
            var reusedAccepts = TryParse(reused, bytes);
            if (reusedAccepts != TryParse(fresh, bytes))
            {
                throw new FuzzFinding($"A head is {(reusedAccepts ? "accepted" : "refused")} after another on the same connection, and not alone");
            }
            if (!reusedAccepts)
            {
                return;
            }
            if (reused.Path != fresh.Path || reused.Method != fresh.Method || reused.Url != fresh.Url || reused.QueryString != fresh.QueryString)
            {
                throw new FuzzFinding($"A head reads '{reused.Method} {reused.Path}' after another on the same connection, and '{fresh.Method} {fresh.Path}' alone");
            }
            rest = rest[(start + length)..];
        }
    }

    private static bool TryParse(RequestHead head, ReadOnlySpan<byte> bytes)
    {
        head.EnsureCapacity(bytes.Length);
        bytes.CopyTo(head.Buffer);
        head.Reset(bytes.Length);
        try
        {
            HttpParser.Parse(head, s_limits);
            return true;
        }
        catch (Exception error)
        {
            Refusal(error, "Parse");
            return false;
        }
    }

    /// <summary>Returns the parser's refusal when it is a documented one; anything else is a finding.</summary>
    private static HttpError Refusal(Exception exception, string what)
    {
        if (exception is not HttpError error)
        {
            throw new FuzzFinding($"{what} threw {exception.GetType().Name}: {exception.Message}", exception);
        }
        if (Array.IndexOf(s_refusals, error.Status) < 0 || string.IsNullOrEmpty(error.Message))
        {
            throw new FuzzFinding($"{what} refused with {(int)error.Status} '{error.Message}', not a documented refusal", error);
        }
        return error;
    }

    private static void CheckAccepted(RequestHead head)
    {
        if (head.Method.Length == 0 || head.Method.AsSpan().ContainsAnyExcept(s_tokenChars))
        {
            throw new FuzzFinding($"Accepted a method that is not a token: '{head.Method}'");
        }
        if (head.TargetStart < 0 || head.TargetLength <= 0 || head.TargetStart + head.TargetLength > head.Length)
        {
            throw new FuzzFinding($"The target range {head.TargetStart}+{head.TargetLength} is outside the head of {head.Length} bytes");
        }
        if (head.QueryLength < 0 || (head.QueryLength > 0 && (head.QueryStart < head.TargetStart
            || head.QueryStart + head.QueryLength > head.TargetStart + head.TargetLength)))
        {
            throw new FuzzFinding($"The query range {head.QueryStart}+{head.QueryLength} is outside the target");
        }
        if (string.IsNullOrEmpty(head.Path))
        {
            throw new FuzzFinding("Accepted a request with an empty path");
        }
        if (head.Chunked ? head.ContentLength != -1 : head.ContentLength < -1)
        {
            throw new FuzzFinding($"Accepted inconsistent framing: chunked {head.Chunked}, Content-Length {head.ContentLength}");
        }
        if (head.Headers.Count > s_limits.MaxRequestHeaderCount)
        {
            throw new FuzzFinding($"Accepted {head.Headers.Count} headers, over the limit");
        }
        foreach (var (name, value) in head.Headers)
        {
            if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(s_tokenChars) || value.AsSpan().ContainsAny('\r', '\n', '\0'))
            {
                throw new FuzzFinding($"Accepted a malformed header: '{name}: {value}'");
            }
        }
    }
}
