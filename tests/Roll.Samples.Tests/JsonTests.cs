using System.Net;
using JsonSample;

namespace Samples.Tests;

public class JsonTests
{
    [Theory, Transports]
    public async Task HelloAnswersItsParameterAsJson(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(JsonApp.Create(), transport);

        var response = await client.GetAsync("/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("""{"hello":"world"}""", response.Text);
    }

    [Theory, Transports]
    public async Task HelloAnswersTheDecodedParameter(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(JsonApp.Create(), transport);

        var response = await client.GetAsync("/hello/Roll%20for%20.NET");

        Assert.Equal("Roll for .NET", (string?)response.Json?["hello"]);
    }
}
