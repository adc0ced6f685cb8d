using System.Text;
using Roll.Tests.Server;

namespace Roll.Tests.Conformance;

// The request vectors of llhttp (Node.js's HTTP parser, MIT, see llhttp/LICENSE), sent to an app whose catch-all
// route echoes the method, the target, the header lines and the body it received. A case llhttp completes must be
// answered once per message, in order, with the echo matching llhttp's spans; a case llhttp stops with an error
// must be answered with an error status and the connection closed by the engine (the client never half-closes
// first, so an engine that waits for more bytes fails the test).
//
// The vectors carry no Host header, so app.Limits.RequireHostHeader is off here: with it on (the default, RFC 9112
// §3.2) every HTTP/1.1 case would be a 400.
//
// Cases left out: llhttp's API modes, not HTTP (the README's rule). 25 cases.
//
// | Case (file: heading)                                                         | Why it is left out                      |
// |------------------------------------------------------------------------------|-----------------------------------------|
// | connection: Resetting flags when keep-alive is off (1.0, lenient)            | request-lenient-keep-alive              |
// | connection: CRLF between requests, explicit `close` (lenient)                | request-lenient-keep-alive              |
// | connection: Multiple tokens with folding                                     | request-lenient-headers                 |
// | connection: Multiple tokens with folding, LWS, and CRLF                      | request-lenient-headers                 |
// | connection: Invalid whitespace token with `Connection` header field (lenient)| request-lenient-headers                 |
// | content-length: Invalid whitespace token with `Content-Length` ... (lenient) | request-lenient-headers                 |
// | content-length: No error on simultaneous `Content-Length` and ... (lenient)  | request-lenient-chunked-length          |
// | content-length: Content-Length reset when no body is received                | skipBody (llhttp told to skip the body) |
// | content-length: Missing CRLF-CRLF before body (lenient)                      | request-lenient-optional-lf-after-cr    |
// | finish: It should be safe to finish after GET request                        | request-finish                          |
// | finish: It should be unsafe to finish after incomplete PUT request           | request-finish                          |
// | finish: It should be unsafe to finish inside of the header                   | request-finish                          |
// | invalid: Headers separated by dummy characters (lenient)                     | request-lenient-optional-lf-after-cr    |
// | invalid: Only LFs present (lenient)                                          | request-lenient-all                     |
// | invalid: Spaces before headers (lenient)                                     | request-lenient-headers                 |
// | sample: Line folding in header value with CRLF                               | request-lenient-headers                 |
// | sample: No LF after CR (lenient)                                             | request-lenient-optional-lf-after-cr    |
// | sample: X-SSL-Nonsense                                                       | request-lenient-headers                 |
// | transfer-encoding: POST with `Transfer-Encoding` and `Content-Length` (lenient)| request-lenient-chunked-length         |
// | transfer-encoding: POST with `chunked` before other transfer-coding (lenient)| request-lenient-transfer-encoding       |
// | transfer-encoding: POST with `chunked` and duplicate transfer-encoding (lenient)| request-lenient-transfer-encoding    |
// | transfer-encoding: Invalid OBS fold after chunked value                      | request-lenient-headers                 |
// | transfer-encoding: Chunk header not terminated by CRLF (lenient)             | request-lenient-optional-lf-after-cr    |
// | transfer-encoding: Chunk data not terminated by CRLF (lenient)               | request-lenient-optional-crlf-after-chunk |
// | transfer-encoding: Space after chunk header (lenient)                        | request-lenient-spaces-after-chunk-size |
//
// Cases tested, where Roll answers otherwise than llhttp parses (s_differences below has each reason in full):
//
// | Case                                              | llhttp                   | Roll             | Rule                          |
// |---------------------------------------------------|--------------------------|------------------|-------------------------------|
// | sample: No HTTP version (GET / alone)             | accepts HTTP/0.9         | 400, close       | RFC 9112 §3 (version required)|
// | invalid: Invalid method (MKCOLA)                  | refuses unknown method   | 405 + Allow      | RFC 9110 §9.1 (any token)     |
// | invalid: HTTP protocol and ANNOUNCE method        | ANNOUNCE only for RTSP   | 200 (answered)   | RFC 9110 §9.1 (any token)     |
// | invalid: Invalid HTTP version (HTTP/5.6)          | refuses                  | 505, close       | RFC 9110 §15.6.6              |
// | method: M-SEARCH request (M-SEARCH *)             | accepts (SSDP)           | 400, close       | RFC 9112 §3.2.4 (* for OPTIONS)|
// | method: PRI request HTTP2 (PRI *)                 | pauses for HTTP/2        | 400, close       | RFC 9112 §3.2.4; no HTTP/2    |
// | method: SOURCE request with ICE (ICE/1.0)         | accepts                  | 400, close       | RFC 9112 §2.3 (HTTP-version)  |
// | method: OPTIONS / ANNOUNCE request with RTSP      | accepts                  | 400, close       | RFC 9112 §2.3 (HTTP-version)  |
// | transfer-encoding: POST with `chunked` as last    | frames the body          | 400, close       | RFC 9112 §3.2 (its target has |
// |   transfer-encoding (and its multiple-headers twin)|                         |                  |   a fragment)                 |
// | connection: Upgrade GET request (and Multiple     | pauses for the upgrade   | 501, close       | Roll: an upgrade to websocket |
// |   tokens with folding and LWS)                    |                          |                  |   on an HTTP route            |
// | method: CONNECT request (+ with CAPS, with body), | pauses for the tunnel    | 501, close       | Roll is no proxy: CONNECT is  |
// |   uri: Underscore in hostname                     |                          |                  |   not implemented (§9.3.6)    |
// | uri: Fragment in URI                              | accepts                  | 400, close       | RFC 9112 §3.2 (no fragment)   |
// | uri: `host:port` and basic auth                   | accepts                  | 400, close       | RFC 9110 §4.2.4 (userinfo)    |
//
// Smaller differences the echo comparison allows for: llhttp's header values keep trailing whitespace, which RFC
// 9112 §5 makes no part of the value (Roll trims it); llhttp reports trailer fields as headers, Roll reads past
// them (RFC 9112 §7.1.2). Requests in absolute-form are routed by their path; SOURCE, QUERY and the other
// extension methods are answered like any token method.
//
// How llhttp's stops read for a server:
// - code 5 "Data after Connection: close": the engine answers the messages before, then closes without reading on.
// - code 22 "Pause on CONNECT/Upgrade": Roll's engine switches protocols only for an app that does (RFC 9110 §7.8
//   lets a server ignore Upgrade), so it answers as HTTP; the bytes after are then a request of their own, which
//   is refused (400) or, when it is only a start, cut short by the client's half-close (400 too).
// - a case whose bytes end inside a message (no "message complete") is answered, once the client half-closes,
//   with a 400 saying the request ended early.
public class LlhttpConformanceTests
{
    private static readonly string[] s_methods =
        ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "REPORT", "PURGE", "SEARCH", "LINK", "UNLINK", "SOURCE", "QUERY", "ANNOUNCE"];

    /// <summary>Cases where Roll deliberately answers otherwise than llhttp parses, each with the rule that says so.</summary>
    private static readonly Dictionary<string, Difference> s_differences = new()
    {
        ["sample: No HTTP version"] = new(400, Closes: true,
            "HTTP/0.9's version-less request line is not HTTP/1.x: RFC 9112 §3 requires the HTTP-version; llhttp accepts it."),
        ["invalid: Invalid method"] = new(405, Closes: false,
            "MKCOLA is a token, so a method (RFC 9110 §9.1); llhttp knows a fixed list. The route lacks it: 405 with Allow."),
        ["invalid: HTTP protocol and ANNOUNCE method"] = new(200, Closes: true,
            "ANNOUNCE is a token, so a method over HTTP too (RFC 9110 §9.1); llhttp allows it only with RTSP."),
        ["invalid: Invalid HTTP version"] = new(505, Closes: true,
            "Refused as llhttp does, with the more precise status: HTTP/5.6 is well-formed, its major version unsupported (RFC 9110 §15.6.6)."),
        ["method: M-SEARCH request"] = new(400, Closes: true,
            "M-SEARCH * is SSDP; the asterisk-form is only for OPTIONS (RFC 9112 §3.2.4)."),
        ["method: PRI request HTTP2"] = new(400, Closes: true,
            "The HTTP/2 preface: PRI * is not an HTTP/1.1 request (asterisk-form only for OPTIONS, RFC 9112 §3.2.4); Roll does not speak HTTP/2."),
        ["method: SOURCE request with ICE"] = new(400, Closes: true,
            "ICE/1.0 is not an HTTP-version (RFC 9112 §2.3); Roll serves HTTP only."),
        ["method: OPTIONS request with RTSP"] = new(400, Closes: true,
            "RTSP/1.0 is not an HTTP-version (RFC 9112 §2.3); Roll serves HTTP only."),
        ["method: ANNOUNCE request with RTSP"] = new(400, Closes: true,
            "RTSP/1.0 is not an HTTP-version (RFC 9112 §2.3); Roll serves HTTP only."),
        ["transfer-encoding: POST with `chunked` as last transfer-encoding"] = new(400, Closes: true,
            "The target carries a fragment (#hey), which no request-target has (RFC 9112 §3.2): 400 before the framing is judged (deflate alone would be a 501, RFC 9112 §6.1)."),
        ["transfer-encoding: POST with `chunked` as last transfer-encoding (multiple headers)"] = new(400, Closes: true,
            "The target carries a fragment (#hey), which no request-target has (RFC 9112 §3.2): 400 before the framing is judged (deflate alone would be a 501, RFC 9112 §6.1)."),
        ["connection: Upgrade GET request"] = new(501, Closes: true,
            "Upgrade: WebSocket to a route that speaks HTTP is 501 in Roll; the connection closes, as what follows may not be HTTP."),
        ["connection: Multiple tokens with folding and LWS"] = new(501, Closes: true,
            "Upgrade: WebSocket to a route that speaks HTTP is 501 in Roll; the connection closes, as what follows may not be HTTP."),
        ["method: CONNECT request"] = new(501, Closes: true,
            "Roll is no proxy: CONNECT is a method it does not implement (RFC 9110 §9.3.6, §15.6.2); it closes, as what follows may be a tunnel's bytes."),
        ["method: CONNECT request with CAPS"] = new(501, Closes: true,
            "Roll is no proxy: CONNECT is a method it does not implement (RFC 9110 §9.3.6, §15.6.2); it closes, as what follows may be a tunnel's bytes."),
        ["method: CONNECT with body"] = new(501, Closes: true,
            "Roll is no proxy: CONNECT is a method it does not implement (RFC 9110 §9.3.6, §15.6.2); it closes, as what follows may be a tunnel's bytes."),
        ["uri: Underscore in hostname"] = new(501, Closes: true,
            "Roll is no proxy: CONNECT is a method it does not implement (RFC 9110 §9.3.6, §15.6.2); it closes, as what follows may be a tunnel's bytes."),
        ["uri: Fragment in URI"] = new(400, Closes: true,
            "A fragment is no part of any request-target (RFC 9112 §3.2, RFC 3986 §4.1): a '#' in one is a client's mistake."),
        ["uri: `host:port` and basic auth"] = new(400, Closes: true,
            "Userinfo in an http(s) URI is an error (RFC 9110 §4.2.4), and the authority of an absolute-form target is the request's host (RFC 9112 §3.2.2)."),
    };

    public static TheoryData<string> Cases => [.. LlhttpVectors.All.Where(c => c.IsPlainRequest).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public Task CaseIsAnsweredAsLlhttpParsesItWhenSentAtOnce(string name) => CheckAsync(LlhttpVectors.Named(name), oneByteAtATime: false);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task CaseIsAnsweredTheSameWhenSentOneByteAtATime(string name) => CheckAsync(LlhttpVectors.Named(name), oneByteAtATime: true);

    [Fact]
    public void OnlyLlhttpsApiModesAreLeftOut()
    {
        var left = LlhttpVectors.All.Where(c => !c.IsPlainRequest).ToList();

        Assert.All(left, c => Assert.True(c.Type != "request" || c.Flags.Contains("skipBody"), c.Name));
        Assert.Equal(25, left.Count);
        Assert.True(LlhttpVectors.All.Count(c => c.IsPlainRequest) > 100);
    }

    [Fact]
    public void EveryDifferenceNamesACaseThatIsTested()
    {
        var tested = LlhttpVectors.All.Where(c => c.IsPlainRequest).Select(c => c.Name).ToHashSet();

        Assert.All(s_differences.Keys, name => Assert.Contains(name, tested));
    }

    private static async Task CheckAsync(LlhttpCase vector, bool oneByteAtATime)
    {
        await using var connection = new RawConnection(EchoApp());
        if (oneByteAtATime)
        {
            await connection.SendByteByByteAsync(vector.Bytes);
        }
        else
        {
            await connection.SendAsync(vector.Bytes);
        }

        if (s_differences.TryGetValue(vector.Name, out var difference))
        {
            await CheckDifferenceAsync(connection, difference);
            return;
        }
        foreach (var message in vector.Messages.Where(m => m.Complete))
        {
            AssertEchoes(message, await connection.ReadResponseAsync(answersHead: message.Method == "HEAD"));
        }
        switch (vector.ErrorCode)
        {
            case null:
                await connection.CloseSendingAsync();
                var rest = await connection.ReadUntilClosedAsync();
                if (vector.EndsInsideAMessage)
                {
                    AssertEndedEarly(Assert.Single(rest));
                }
                else
                {
                    Assert.Empty(rest);
                }
                break;
            case 5:
                await connection.AssertClosedAsync();
                break;
            case 22 or 23:
                await connection.CloseSendingAsync();
                var after = await connection.ReadUntilClosedAsync();
                Assert.True(after.Count <= 1, $"Expected at most one answer after the upgrade, got:\n{string.Join("\n", after)}");
                Assert.All(after, r => Assert.True(r.Status == 400, $"The bytes after the upgrade are no request of ours; got:\n{r}"));
                break;
            default:
                var refusal = await connection.ReadResponseAsync();
                Assert.True(refusal.Status == 400, $"llhttp stops with \"{vector.ErrorReason}\"; expected 400, got:\n{refusal}");
                Assert.True(refusal.AsksToClose, refusal.Raw);
                await connection.AssertClosedAsync();
                break;
        }
    }

    private static async Task CheckDifferenceAsync(RawConnection connection, Difference difference)
    {
        var response = await connection.ReadResponseAsync();
        Assert.True(response.Status == difference.Status, $"Expected {difference.Status} ({difference.Why}), got:\n{response}");
        if (difference.Closes)
        {
            Assert.True(response.AsksToClose, response.Raw);
            await connection.AssertClosedAsync();
            return;
        }
        await connection.CloseSendingAsync();
        await connection.AssertClosedAsync();
    }

    private static void AssertEchoes(LlhttpMessage message, RawResponse response)
    {
        Assert.True(response.Status == 200, $"Expected the echo of {message.Method} {message.Url}, got:\n{response}");
        if (message.Method == "HEAD")
        {
            Assert.NotNull(response.Header("Content-Length"));
            return;
        }
        var echo = response.Body;
        var lineEnd = Array.IndexOf(echo, (byte)'\n');
        Assert.Equal($"{message.Method} {message.Url}", LlhttpVectors.Render(echo.AsSpan(0, lineEnd)));
        var pos = lineEnd + 1;
        var headers = new List<string>();
        while (echo[pos] != '\n')
        {
            var end = Array.IndexOf(echo, (byte)'\n', pos);
            headers.Add(LlhttpVectors.Render(echo.AsSpan(pos, end - pos)));
            pos = end + 1;
        }
        // llhttp's values keep trailing whitespace; RFC 9112 §5 makes it no part of the value, and Roll drops it.
        Assert.Equal(message.Headers.Select(h => $"{h.Name}: {h.Value.TrimEnd(' ', '\t')}"), headers);
        Assert.Equal(message.Body.ToString(), LlhttpVectors.Render(echo.AsSpan(pos + 1)));
    }

    private static void AssertEndedEarly(RawResponse response)
    {
        Assert.True(response.Status == 400 && response.Text.Contains("ended early", StringComparison.Ordinal),
            $"Expected a 400 saying the request ended early, got:\n{response}");
    }

    private static RollApp EchoApp()
    {
        var app = new RollApp();
        app.Limits.RequireHostHeader = false;
        app.Route("/{path:any}", Echo, methods: s_methods);
        return app;
    }

    private static void Echo(Request request, Response response)
    {
        var echo = new MemoryStream();
        echo.Write(Encoding.Latin1.GetBytes($"{request.Method} {request.Url}\n"));
        for (var i = 0; i < request.Headers.Count; i++)
        {
            echo.Write(request.Headers.NameBytes(i));
            echo.Write(": "u8);
            echo.Write(request.Headers.ValueBytes(i));
            echo.Write("\n"u8);
        }
        echo.Write("\n"u8);
        echo.Write(request.Body);
        response.Body = echo.ToArray();
    }

    /// <summary>How Roll answers a case otherwise than llhttp parses it: the status of its one answer, whether it then closes, and why.</summary>
    private sealed record Difference(int Status, bool Closes, string Why);
}
