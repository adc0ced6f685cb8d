using System.Net;
using BasicSample;
using Roll;
using Roll.Testing;

namespace Samples.Tests;

// The extensions Roll's basic example turns on: cors, logger, igniter and traceback.
public class BasicExtensionsTests : RollTestBase
{
    protected override RollApp CreateApp() => BasicApp.Create();

    [Fact]
    public async Task AnswersAllowEveryOrigin()
    {
        var response = await Client.GetAsync("/hello/world");

        Assert.Equal("Hello world", response.Text);
        Assert.Equal("*", response.Headers["Access-Control-Allow-Origin"]);
    }

    [Fact]
    public async Task ErrorsAllowEveryOriginToo()
    {
        var response = await Client.GetAsync("/hello/foo");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("*", response.Headers["Access-Control-Allow-Origin"]);
    }
}
