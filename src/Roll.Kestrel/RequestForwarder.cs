using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Roll.Server;

namespace Roll.Kestrel;

/// <summary>How a request's body is framed in the HTTP/1.1 bytes given to Roll's engine.</summary>
internal enum BodyFraming
{
    /// <summary>No body.</summary>
    None,

    /// <summary>Content-Length, as the client sent it.</summary>
    Length,

    /// <summary>Transfer-Encoding: chunked, as an HTTP/1.1 client sent it or for an HTTP/2 or /3 body of unknown length.</summary>
    Chunked,
}

/// <summary>Writes the request Kestrel parsed as HTTP/1.1 bytes for Roll's engine: the head at once, the body as it arrives.</summary>
internal static class RequestForwarder
{
    private const string HiddenContentLength = "X-Content-Length";

    /// <summary>Writes the request line and the headers; returns how the body that follows is framed.</summary>
    /// <param name="output">Where Roll's engine reads requests.</param>
    /// <param name="features">The request's features.</param>
    /// <param name="request">The request.</param>
    /// <param name="webSocketOverHttp2">Whether the request is an HTTP/2 websocket (RFC 8441), written as the HTTP/1.1 handshake Roll knows.</param>
    /// <param name="upgradable">Whether the request asks for an HTTP/1.1 upgrade, whose body is the upgraded connection.</param>
    public static BodyFraming WriteHead(PipeWriter output, IFeatureCollection features, IHttpRequestFeature request,
        bool webSocketOverHttp2, bool upgradable)
    {
        HttpWire.WriteAscii(output, webSocketOverHttp2 ? "GET" : request.Method);
        output.Write(" "u8);
        HttpWire.WriteUtf8(output, request.RawTarget);
        // HTTP/2 and /3 requests become HTTP/1.1 ones; an HTTP/1.0 request stays one, so Roll answers it as its own engine would.
        output.Write(request.Protocol == "HTTP/1.0" ? " HTTP/1.0\r\n"u8 : " HTTP/1.1\r\n"u8);

        var statesScheme = ClientOrigin.StatesScheme(request);
        var framing = BodyFraming.None;
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(':') || (statesScheme && name.Equals(ClientOrigin.SchemeHeader, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var sentName = name;
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                framing = BodyFraming.Length;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // Kestrel accepts a chunked request only when chunked is the final coding, and hands the body de-chunked.
                framing = BodyFraming.Chunked;
            }
            else if (name.Equals(HiddenContentLength, StringComparison.OrdinalIgnoreCase) && HidesContentLength(request))
            {
                sentName = "Content-Length";
            }
            foreach (var value in values)
            {
                HttpWire.WriteHeader(output, sentName, value ?? string.Empty);
            }
        }
        if (statesScheme)
        {
            output.Write(ClientOrigin.SchemeLine);
        }
        if (webSocketOverHttp2)
        {
            // RFC 8441 §5: an HTTP/2 websocket has no key, which the HTTP/1.1 handshake needs; any fresh one does, its answer stays here.
            output.Write("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "u8);
            HttpWire.WriteUtf8(output, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
            output.Write("\r\n"u8);
            framing = BodyFraming.None;
        }
        else if (upgradable)
        {
            framing = BodyFraming.None;
        }
        else if (framing == BodyFraming.None && features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            // An HTTP/2 or /3 body of unknown length (RFC 9113 §8.1 has no chunked coding): chunked is its HTTP/1.1 form.
            output.Write("Transfer-Encoding: chunked\r\n"u8);
            framing = BodyFraming.Chunked;
        }
        output.Write("\r\n"u8);
        return framing;
    }

    /// <summary>Whether Kestrel renamed the request's Content-Length X-Content-Length, as it does beside Transfer-Encoding.</summary>
    /// <remarks>
    /// Kestrel reads the chunked body then (RFC 9112 §6.3 lets it) and closes after the answer. Roll's engine refuses
    /// the pair as a sign of request smuggling: shown the header as the client sent it, it refuses here too.
    /// </remarks>
    private static bool HidesContentLength(IHttpRequestFeature request)
        => request.Protocol is "HTTP/1.1" or "HTTP/1.0" && request.Headers.ContainsKey("Transfer-Encoding");

    /// <summary>Copies the body from Kestrel to Roll's engine as it arrives, at the pace Roll reads it; ends early when Roll stops reading.</summary>
    public static async Task PumpBodyAsync(PipeReader body, PipeWriter output, BodyFraming framing, CancellationToken cancellationToken)
    {
        var chunked = framing == BodyFraming.Chunked;
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!buffer.IsEmpty)
            {
                if (chunked)
                {
                    HttpWire.WriteChunkSize(output, buffer.Length);
                }
                foreach (var segment in buffer)
                {
                    output.Write(segment.Span);
                }
                if (chunked)
                {
                    output.Write("\r\n"u8);
                }
            }
            body.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                if (chunked)
                {
                    output.Write("0\r\n\r\n"u8);
                }
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                // Roll's engine is done with the connection (it answered without reading the rest, and closed).
                return;
            }
        }
    }
}
