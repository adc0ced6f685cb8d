using System.Net;
using Roll;
using Roll.Testing;

namespace RollStarter.Tests;

public class RollStarterAppTests : RollTestBase
{
    protected override RollApp CreateApp() => RollStarterApp.Create();

    [Fact]
    public async Task HelloGreetsTheNameInThePath()
    {
        var response = await Client.GetAsync("/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Hello world", response.Text);
    }

    [Fact]
    public async Task HelloRefusesFooWithABadRequest()
    {
        var response = await Client.GetAsync("/hello/foo");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Run, you foo(l)!", response.Text);
    }
}
