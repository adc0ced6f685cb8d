using System.Net;

namespace Roll.Tests.Server;

public class ErrorAnswerTests
{
    [Fact]
    public async Task HandlerThrowingIsAnswered500AndTheConnectionGoesOn()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /boom HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var error = await connection.ReadResponseAsync();
        var after = await connection.ReadResponseAsync();

        Assert.Equal(500, error.Status);
        Assert.Equal("Internal Server Error", error.Text);
        Assert.False(error.AsksToClose);
        Assert.Equal("fine", after.Text);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(103)]
    [InlineData(600)]
    public async Task AStatusThatIsNotFinalIsAnswered500AndTheConnectionGoesOn(int status)
    {
        var app = App();
        app.Route("/interim", (request, response) =>
        {
            response.Status = (HttpStatusCode)status;
            response.Body = "not the answer";
        });
        await using var connection = new RawConnection(app);

        await connection.SendAsync("GET /interim HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var error = await connection.ReadResponseAsync();
        var after = await connection.ReadResponseAsync();

        Assert.Equal(500, error.Status);
        Assert.Equal("Internal Server Error", error.Text);
        Assert.Equal("fine", after.Text);
    }

    [Fact]
    public async Task UnknownPathIsAnswered404()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(404, response.Status);
        Assert.False(response.AsksToClose);
    }

    [Fact]
    public async Task MethodTheRouteLacksIsAnswered405WithAnAllowHeader()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("DELETE / HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(405, response.Status);
        Assert.Equal("GET, POST, HEAD", response.Header("Allow"));
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "fine", methods: ["GET", "POST"]);
        app.Route("/boom", (request, response) => throw new InvalidOperationException("it broke"));
        return app;
    }
}
