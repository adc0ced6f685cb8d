using Roll.Testing;

namespace Roll.Tests.Server;

// request.Aborted: the client's going away, seen by a handler that asked; nothing watched for one that did not.
public class AbortedTests
{
    [Fact]
    public async Task AHandlerWaitingOnTheTokenLearnsThatTheClientLeft()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.Route("/wait", async (request, response) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, request.Aborted);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
            }
        });
        await using var connection = new RawConnection(app);

        await connection.SendAsync("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
        await connection.CloseSendingAsync();

        await cancelled.Task.WaitAsync(RawConnection.Patience);
    }

    [Fact]
    public async Task WatchingForTheClientLeavesPipelinedRequestsForTheirTurn()
    {
        var app = new RollApp();
        app.Route("/watch", async (request, response) =>
        {
            var aborted = request.Aborted;
            await Task.Delay(20);
            response.Body = aborted.IsCancellationRequested ? "cancelled" : "fine " + request.Query.Get("n");
        });
        await using var connection = new RawConnection(app);

        await connection.SendAsync("GET /watch?n=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /watch?n=2 HTTP/1.1\r\nHost: x\r\n\r\nGET /watch?n=3 HTTP/1.1\r\nHost: x\r\n\r\n");
        var responses = await connection.ReadResponsesAsync(3);

        Assert.Equal(["fine 1", "fine 2", "fine 3"], responses.Select(response => response.Text));
    }

    [Fact]
    public async Task EachRequestHasItsOwnToken()
    {
        var tokens = new List<CancellationToken>();
        var app = new RollApp();
        app.Route("/watch", (request, response) => tokens.Add(request.Aborted));
        await using var client = new TestClient(app);

        await client.GetAsync("/watch");
        await client.GetAsync("/watch");

        Assert.Equal(2, tokens.Count);
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.False(tokens[1].IsCancellationRequested);
    }
}
