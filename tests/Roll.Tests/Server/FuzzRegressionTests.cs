using System.Text;
using Roll.Fuzz;

namespace Roll.Tests.Server;

/// <summary>Replays every input of fuzz/regressions through the fuzzer's own targets and invariants (docs/how-to/fuzz-the-engine.md), and checks that those invariants catch what they claim to.</summary>
public class FuzzRegressionTests
{
    public static TheoryData<string> Inputs()
    {
        var inputs = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "FuzzRegressions")).Order(StringComparer.Ordinal))
        {
            inputs.Add(Path.GetFileName(file));
        }
        return inputs;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void ParserKeepsItsInvariantsOnEveryRegressionInput(string name)
    {
        ParserTarget.Run(Read(name));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void EngineAnswersEveryRegressionInputWithValidHttp(string name)
    {
        new ProtocolTarget(RawConnection.Patience).Run(Read(name));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "GET GET", "after a response that said Connection: close")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok", "GET", "shorter than its Content-Length")]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", "GET", "A 204 with framing headers")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "HEAD GET", "Not a status line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "GET GET", "The app handled 2 requests and 1 got an answer")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "", "does not close the connection")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello!\r\n0\r\n\r\n", "GET", "not followed by CRLF")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nk", "GET", "A repeated or invalid Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nX: a\u0001b\r\nContent-Length: 0\r\n\r\n", "GET", "A control character in a header value")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\nbody", "GET", "A response without framing that does not close the connection")]
    public void ResponseCheckerCatchesEachBrokenInvariant(string output, string methods, string expected)
    {
        var finding = Assert.Throws<FuzzFinding>(() => ResponseChecker.Check(
            Encoding.Latin1.GetBytes(output), methods.Split(' ', StringSplitOptions.RemoveEmptyEntries), closedFirst: false));

        Assert.Contains(expected, finding.Message);
    }

    [Fact]
    public void ResponseCheckerCatchesAnEngineThatClosesWithoutSayingSo()
    {
        var output = Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        ResponseChecker.Check(output, ["GET"], closedFirst: false);
        var finding = Assert.Throws<FuzzFinding>(() => ResponseChecker.Check(output, ["GET"], closedFirst: true));

        Assert.Contains("without a final response saying Connection: close", finding.Message);
    }

    [Fact]
    public void ResponseCheckerAcceptsTheBodylessRefusalOfAHeadRequest()
    {
        var output = Encoding.Latin1.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\nConnection: close\r\n\r\n");

        ResponseChecker.Check(output, [], closedFirst: true);
    }

    private static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "FuzzRegressions", name));
}
