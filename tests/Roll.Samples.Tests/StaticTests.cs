using System.Net;
using Roll;
using Roll.Testing;
using StaticSample;

namespace Samples.Tests;

public class StaticTests : RollTestBase
{
    protected override RollApp CreateApp() => StaticApp.Create();

    [Fact]
    public async Task TheIndexIsServedForTheFolder()
    {
        var response = await Client.GetAsync("/static/");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Contains("<h1>Rolling static files</h1>", response.Text);
    }

    [Fact]
    public async Task TheStyleSheetIsServedAsCss()
    {
        var response = await Client.GetAsync("/static/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/css; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal(File.ReadAllText(Path.Combine(StaticApp.Root, "css", "site.css")), response.Text);
    }

    [Fact]
    public async Task TheSamplesOwnCodeIsOutOfReach()
    {
        var response = await Client.GetAsync("/static/../StaticApp.cs");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }
}
