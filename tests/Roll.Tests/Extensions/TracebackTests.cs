using System.Net;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class TracebackTests
{
    private readonly StringWriter _output = new();

    private RollApp App()
    {
        var app = new RollApp();
        app.Traceback(_output);
        app.Route("/boom", (request, response) => Explode());
        app.Route("/teapot", (request, response) => throw new HttpError(418, "I'm a teapot"));
        return app;
    }

    private static void Explode() => throw new InvalidOperationException("the boiler exploded");

    [Fact]
    public async Task AServerErrorWritesItsWholeStackTrace()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/boom?x=1");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        var trace = _output.ToString();
        Assert.Contains("500 on GET /boom?x=1", trace);
        Assert.Contains("System.InvalidOperationException: the boiler exploded", trace);
        Assert.Contains($"at {typeof(TracebackTests).FullName}.{nameof(Explode)}", trace);
    }

    [Fact]
    public async Task OtherErrorsAreNotWritten()
    {
        await using var client = new TestClient(App());

        Assert.Equal(418, (await client.GetAsync("/teapot")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/nowhere")).Status);

        Assert.Empty(_output.ToString());
    }
}
