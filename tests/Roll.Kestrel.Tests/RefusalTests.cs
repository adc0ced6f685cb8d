using System.Net;
using System.Net.Sockets;
using System.Text;
using EchoSample;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Roll.Testing;

namespace Roll.Kestrel.Tests;

/// <summary>Roll's engine on a socket and the same app on Kestrel (HTTP/1.1), started once for the class.</summary>
public sealed class BothEngines : IAsyncLifetime
{
    private LiveClient? _roll;
    private RollKestrelServer? _kestrel;

    /// <summary>Where Roll's own engine listens.</summary>
    public IPEndPoint Roll { get; private set; } = null!;

    /// <summary>Where Kestrel listens, HTTP/1.1 in clear text.</summary>
    public IPEndPoint Kestrel { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _roll = await LiveClient.StartAsync(EchoApp.Create());
        Roll = new IPEndPoint(IPAddress.Loopback, _roll.Port);
        ListenOptions? http1 = null;
        _kestrel = new RollKestrelServer(EchoApp.Create(), options =>
        {
            options.Listen(IPAddress.Loopback, 0, listen => http1 = listen);
            // Kestrel's body data rate (240 bytes/s) is what ends a body it waits on for ever; its grace is 5 s by
            // default, shortened here so that such a case answers within the test's timeout.
            options.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(1.5));
        });
        await _kestrel.StartAsync();
        Kestrel = http1!.IPEndPoint!;
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_roll is not null)
        {
            await _roll.DisposeAsync();
        }
        if (_kestrel is not null)
        {
            await _kestrel.DisposeAsync();
        }
    }
}

// Requests Roll's engine refuses, sent over a socket to it and to the bridge: the bridge answers each with the
// engine's status and closes, as the engine does. Kestrel parses first, so some are its to refuse (the comments say
// which): its status is then the same as the engine's. Every exchange is bounded by the test's timeout.
public class RefusalTests(BothEngines engines) : IClassFixture<BothEngines>
{
    private const string Post = "POST / HTTP/1.1\r\nHost: test\r\n";
    private const string Chunked = Post + "Transfer-Encoding: chunked\r\n\r\n";
    private const string Hello = "5\r\nhello\r\n0\r\n\r\n";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    /// <summary>A name and a raw request that Roll's engine refuses.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        // Transfer-Encoding beside Content-Length (RFC 9112 §6.3): Kestrel reads the chunked body and hides the
        // Content-Length; the bridge shows it to Roll's engine, which refuses the pair.
        { "chunked with a trailing space beside Content-Length", Post + "Transfer-Encoding: chunked \r\nContent-Length: 5\r\n\r\n" + Hello },
        { "chunked, chunked beside Content-Length", Post + "Transfer-Encoding: chunked, chunked\r\nContent-Length: 5\r\n\r\n" + Hello },
        { "chunked, beside Content-Length", Post + "Transfer-Encoding: chunked,\r\nContent-Length: 5\r\n\r\n" + Hello },
        { "Content-Length before chunked", Post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + Hello },
        { "Content-Length framing a chunked body", Post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello" },
        // Codings Kestrel passes on (chunked is last) and Roll's engine refuses.
        { "chunked twice", Post + "Transfer-Encoding: chunked, chunked\r\n\r\n" + Hello },
        { "a coding Roll does not know", Post + "Transfer-Encoding: gzip, chunked\r\n\r\n" + Hello },
        { "HTTP/1.0 with Transfer-Encoding", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n" + Hello },
        // Malformed chunk sizes (RFC 9112 §7.1: 1*HEXDIG, then CRLF): Kestrel de-chunks the body and refuses these.
        { "a hex prefix in a chunk size", Chunked + "0x5\r\nhello\r\n0\r\n\r\n" },
        { "a plus sign in a chunk size", Chunked + "+5\r\nhello\r\n0\r\n\r\n" },
        { "a minus sign in a chunk size", Chunked + "-5\r\nhello\r\n0\r\n\r\n" },
        { "an underscore in a chunk size", Chunked + "0_5\r\nhello\r\n0\r\n\r\n" },
        { "whitespace before a chunk size", Chunked + " 5\r\nhello\r\n0\r\n\r\n" },
        { "whitespace after a chunk size", Chunked + "5 \r\nhello\r\n0\r\n\r\n" },
        { "a chunk size without its CRLF", Chunked + "5hello\r\n0\r\n\r\n" },
        { "a chunk size ended by a bare CR", Chunked + "5\rhello\r\n0\r\n\r\n" },
        { "a chunk size ended by a bare LF", Chunked + "5\nhello\r\n0\r\n\r\n" },
        { "chunk data without its CRLF", Chunked + "5\r\nhelloX0\r\n\r\n" },
        // Header lines Kestrel passes on and Roll's engine refuses.
        { "an invalid header name", "GET / HTTP/1.1\r\nHost: test\r\nBad{Name: x\r\n\r\n" },
        { "a control character in a header value", "GET / HTTP/1.1\r\nHost: test\r\nX-Bell: a\u0007b\r\n\r\n" },
        { "an expectation Roll does not know", "GET / HTTP/1.1\r\nHost: test\r\nExpect: 200-ok\r\n\r\n" },
        { "a body over Roll's limit", Post + "Content-Length: 99999999999\r\n\r\n" },
        // Kestrel refuses these itself, with the engine's status.
        { "two Content-Lengths", Post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello" },
        { "an HTTP version Roll does not speak", "GET / HTTP/1.2\r\nHost: test\r\n\r\n" },
        { "obsolete line folding", "GET / HTTP/1.1\r\nHost: test\r\nX-Folded: a\r\n b\r\n\r\n" },
    };

    /// <summary>A name, a raw request both engines answer (closing after), and the bridge's status where it is not the engine's.</summary>
    public static TheoryData<string, string, int?> Answered => new()
    {
        // HTTP/1.0 has no interim answers: the body comes at once, and both answer 200.
        { "an HTTP/1.0 POST expecting 100-continue, with its body", "POST / HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello", null },
        // Kestrel parses the chunked framing itself and reads a bare LF as a line's end (RFC 9112 §2.2 lets a
        // recipient): it answers 200 where Roll's engine refuses with 400.
        { "a chunked body whose trailer ends with a bare LF", Chunked.Replace("test\r\n", "test\r\nConnection: close\r\n") + "5\r\nhello\r\n0\r\nX-Sum: 1\n\r\n", 200 },
        // Kestrel reads a Content-Length as a number, sign and leading zeros allowed, and hands it on as digits:
        // RFC 9110 §8.6 says 1*DIGIT, which Roll's engine holds to with a 400.
        { "a Content-Length with a sign", Post.Replace("test\r\n", "test\r\nConnection: close\r\n") + "Content-Length: +5\r\n\r\nhello", 200 },
        // Kestrel waits for a second byte after the last chunk's line, which never comes, until its body data rate
        // ends the wait: 408 where Roll's engine refuses the bare LF with 400 at once.
        { "a chunked body whose last line is a bare LF", Chunked + "5\r\nhello\r\n0\r\n\n", 408 },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task ARequestRollsEngineRefusesIsRefusedAlikeOnKestrelAndTheConnectionCloses(string name, string request)
    {
        var (rollStatus, rollClosed) = await ExchangeAsync(engines.Roll, request);
        var (bridgeStatus, bridgeClosed) = await ExchangeAsync(engines.Kestrel, request);

        Assert.True(rollStatus >= 400, $"{name}: Roll's engine answered {rollStatus}");
        Assert.True(rollClosed, $"{name}: Roll's engine kept the connection open");
        Assert.True(rollStatus == bridgeStatus, $"{name}: Roll's engine answered {rollStatus}, the bridge {bridgeStatus}");
        Assert.True(bridgeClosed, $"{name}: the bridge kept the connection open");
    }

    [Theory]
    [MemberData(nameof(Answered))]
    public async Task ARequestRollsEngineAnswersIsAnsweredOnKestrelAndTheConnectionCloses(string name, string request, int? kestrelStatus)
    {
        var (rollStatus, rollClosed) = await ExchangeAsync(engines.Roll, request);
        var (bridgeStatus, bridgeClosed) = await ExchangeAsync(engines.Kestrel, request);

        Assert.True(rollClosed, $"{name}: Roll's engine kept the connection open");
        Assert.True(bridgeClosed, $"{name}: the bridge kept the connection open");
        var expected = kestrelStatus ?? rollStatus;
        Assert.True(bridgeStatus == expected, $"{name}: the bridge answered {bridgeStatus}, not {expected} (Roll's engine {rollStatus})");
    }

    [Theory, Http2]
    public async Task OverHttp2ARefusalEndsItsStreamAndTheConnectionServesOn(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());
        var client = host.Http2Client(how);
        using var refused = new HttpRequestMessage(HttpMethod.Get, "/");
        refused.Headers.TryAddWithoutValidation("Expect", "200-ok");

        using var refusal = await client.SendAsync(refused);
        var next = await client.GetStringAsync("/");

        // HTTP/2 has no Connection header (RFC 9113 §8.2.2): Roll's engine connection closes, the client's does not.
        Assert.Equal(HttpStatusCode.ExpectationFailed, refusal.StatusCode);
        Assert.Equal("OK", next);
    }

    /// <summary>Sends the request whole, then reads until the server closes (a reset counts) or the test's timeout fails it.</summary>
    private static async Task<(int Status, bool Closed)> ExchangeAsync(IPEndPoint endPoint, string request)
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        using var timeout = new CancellationTokenSource(s_timeout);
        await tcp.ConnectAsync(endPoint, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
        var received = new List<byte>();
        var buffer = new byte[4096];
        var closed = false;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    closed = true;
                    break;
                }
                received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (IOException error) when (error.InnerException is SocketException)
        {
            // A close with unread bytes is a reset: the answer before it was read already.
            closed = true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"No close from {endPoint} within {s_timeout.TotalSeconds} s; had: {Encoding.Latin1.GetString(received.ToArray())}");
        }
        var text = Encoding.Latin1.GetString(received.ToArray());
        Assert.True(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), $"No answer from {endPoint}; had: '{text}'");
        return (int.Parse(text.AsSpan(9, 3)), closed);
    }
}
