// snippet: usings
using System.Net;
using BasicSample;
using Roll;
using Roll.Testing;
// end-snippet

namespace Samples.Tests;

// snippet: head
public class BasicTests : RollTestBase
{
    protected override RollApp CreateApp() => BasicApp.Create();
// end-snippet

    // snippet: hello
    [Fact]
    public async Task HelloGreetsTheNameInThePath()
    {
        var response = await Client.GetAsync("/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Hello world", response.Text);
    }
    // end-snippet

    // snippet: foo
    [Fact]
    public async Task HelloRefusesFooWithABadRequest()
    {
        var response = await Client.GetAsync("/hello/foo");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Run, you foo(l)!", response.Text);
    }
    // end-snippet

    // snippet: startup
    private readonly StringWriter _console = new();

    public override async Task InitializeAsync()
    {
        var console = Console.Out;
        Console.SetOut(_console);
        try
        {
            await base.InitializeAsync();
        }
        finally
        {
            Console.SetOut(console);
        }
    }

    [Fact]
    public void TheStartupListenerRanBeforeTheTest()
    {
        Assert.Contains("Startup: ready to roll!", _console.ToString());
    }
    // end-snippet

    // snippet: more
    [Fact]
    public async Task AnUnknownPathIsNotFound()
    {
        var response = await Client.GetAsync("/hello/world/again");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task PostIsNotAllowedAndAllowSaysWhatIs()
    {
        var response = await Client.PostAsync("/hello/world", "Hi!");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("GET, HEAD", response.Headers["Allow"]);
    }

    [Fact]
    public async Task HeadAnswersWithTheHeadersOfGetAndNoBody()
    {
        var response = await Client.HeadAsync("/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("11", response.Headers["Content-Length"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task ThePlaceholderIsDecoded()
    {
        var response = await Client.GetAsync("/hello/caf%C3%A9");

        Assert.Equal("Hello café", response.Text);
    }
    // end-snippet
}
