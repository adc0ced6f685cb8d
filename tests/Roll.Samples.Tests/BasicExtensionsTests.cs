using System.Net;
using BasicSample;

namespace Samples.Tests;

// The extensions Roll's basic example turns on: cors, logger, igniter and traceback.
public class BasicExtensionsTests
{
    [Theory, Transports]
    public async Task AnswersAllowEveryOrigin(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(BasicApp.Create(), transport);

        var response = await client.GetAsync("/hello/world");

        Assert.Equal("Hello world", response.Text);
        Assert.Equal("*", response.Headers["Access-Control-Allow-Origin"]);
    }

    [Theory, Transports]
    public async Task ErrorsAllowEveryOriginToo(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(BasicApp.Create(), transport);

        var response = await client.GetAsync("/hello/foo");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("*", response.Headers["Access-Control-Allow-Origin"]);
    }
}
