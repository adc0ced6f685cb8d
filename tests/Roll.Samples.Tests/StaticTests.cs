using System.Net;
using StaticSample;

namespace Samples.Tests;

public class StaticTests
{
    [Theory, Transports]
    public async Task TheIndexIsServedForTheFolder(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(StaticApp.Create(), transport);

        var response = await client.GetAsync("/static/");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Contains("<h1>Rolling static files</h1>", response.Text);
    }

    [Theory, Transports]
    public async Task TheStyleSheetIsServedAsCss(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(StaticApp.Create(), transport);

        var response = await client.GetAsync("/static/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/css; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal(File.ReadAllText(Path.Combine(StaticApp.Root, "css", "site.css")), response.Text);
    }

    [Theory, Transports]
    public async Task TheSamplesOwnCodeIsOutOfReach(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(StaticApp.Create(), transport);

        var response = await client.GetAsync("/static/../StaticApp.cs");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }
}
