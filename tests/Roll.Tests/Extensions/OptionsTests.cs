using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class OptionsTests : RollTestBase
{
    private int _calls;

    protected override RollApp CreateApp()
    {
        var app = new RollApp();
        app.Options();
        app.Route("/items", (request, response) => _calls++, methods: ["GET", "POST"]);
        app.Route("/own", (request, response) => response.Body = "mine", methods: ["OPTIONS"]);
        app.Route("/upload", (request, response) => _calls++, methods: ["PUT"]);
        return app;
    }

    [Fact]
    public async Task OptionsIsAnsweredAtOnceWithTheAllowedMethods()
    {
        var response = await Client.OptionsAsync("/items");

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal("GET, POST, HEAD, OPTIONS", response.Headers["Allow"]);
        Assert.Empty(response.Body);
        Assert.Equal(0, _calls);
    }

    [Fact]
    public async Task ARouteWithAnOptionsHandlerOfItsOwnKeepsIt()
    {
        var response = await Client.OptionsAsync("/own");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("mine", response.Text);
    }

    [Fact]
    public async Task AnUnknownPathIsStillNotFound()
    {
        var response = await Client.OptionsAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task OptionsStarAsksAboutTheServer()
    {
        var response = await Client.SendRawAsync(Encoding.ASCII.GetBytes("OPTIONS * HTTP/1.1\r\nHost: testserver\r\n\r\n"));

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
    }

    [Fact]
    public async Task OtherMethodsGoThroughAsUsual()
    {
        var response = await Client.GetAsync("/items");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(1, _calls);
    }
}
