using System.Globalization;

namespace Roll.Tests.Server;

public class DateHeaderTests
{
    [Fact]
    public async Task EveryAnswerCarriesTheCurrentDate()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "dated");
        await using var connection = new RawConnection(app);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /missing HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/9.9\r\n\r\n");
        var responses = await connection.ReadUntilClosedAsync();

        Assert.Equal([200, 404, 505], responses.Select(r => r.Status));
        Assert.All(responses, response =>
        {
            Assert.Equal(1, response.HeaderCount("Date"));
            var date = DateTimeOffset.ParseExact(response.Header("Date")!, "r", CultureInfo.InvariantCulture);
            // The header is refreshed once a second, so it may lag by that much.
            Assert.InRange(date, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(1));
        });
    }
}
