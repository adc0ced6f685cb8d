namespace Roll.Tests.Server;

public class KeepAliveTests
{
    private const string Get11 = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    [Fact]
    public async Task Http11ConnectionServesRequestAfterRequest()
    {
        await using var connection = new RawConnection(App());

        for (var i = 0; i < 3; i++)
        {
            await connection.SendAsync(Get11);
            var response = await connection.ReadResponseAsync();

            Assert.Equal(200, response.Status);
            Assert.Equal("hello", response.Text);
            Assert.Null(response.Header("Connection"));
        }
    }

    [Fact]
    public async Task Http10ConnectionClosesAfterItsAnswerByDefault()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET / HTTP/1.0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal("hello", response.Text);
        Assert.Equal("close", response.Header("Connection"));
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task Http10KeepAliveIsEchoedAndKeepsTheConnectionOpen()
    {
        await using var connection = new RawConnection(App());

        for (var i = 0; i < 2; i++)
        {
            await connection.SendAsync("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            var response = await connection.ReadResponseAsync();

            Assert.Equal("hello", response.Text);
            Assert.Equal("keep-alive", response.Header("Connection"));
        }
    }

    [Fact]
    public async Task ConnectionCloseFromTheClientIsHonouredAndWhatFollowsIsNotRead()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + Get11);
        var response = await connection.ReadResponseAsync();

        Assert.Equal("hello", response.Text);
        Assert.Equal("close", response.Header("Connection"));
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ConnectionCloseAmongOtherOptionsIsHonoured()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n");

        Assert.True((await connection.ReadResponseAsync()).AsksToClose);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ConnectionCloseFromTheHandlerClosesAfterTheAnswer()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /bye HTTP/1.1\r\nHost: x\r\n\r\n" + Get11);
        var response = await connection.ReadResponseAsync();

        Assert.Equal("bye", response.Text);
        Assert.Equal(1, response.HeaderCount("Connection"));
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ClientHalfCloseBetweenRequestsClosesTheConnectionSilently()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(Get11 + "\r\n");
        await connection.ReadResponseAsync();
        await connection.CloseSendingAsync();

        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ClientHalfCloseInsideAHeadIsAnswered400()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET / HTTP/1.1\r\nHo");
        await connection.CloseSendingAsync();
        var response = await connection.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.Equal("The request head ended early", response.Text);
        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "hello");
        app.Route("/bye", (request, response) =>
        {
            response.Headers["Connection"] = "close";
            response.Body = "bye";
        });
        return app;
    }
}
