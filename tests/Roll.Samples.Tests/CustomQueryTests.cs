using System.Net;
using CustomQuerySample;

namespace Samples.Tests;

public class CustomQueryTests
{
    [Theory, Transports]
    public async Task HelloAnswersTheDateOfYearMonthAndDay(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(CustomQueryApp.Create(), transport);

        var response = await client.GetAsync("/hello/?year=2017&month=9&day=20");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("2017-09-20", response.Text);
    }

    [Theory, Transports("year", "month", "day")]
    public async Task AMissingPartOfTheDateIsABadRequest(Transport transport, string missing)
    {
        await using var client = await SampleClients.StartAsync(CustomQueryApp.Create(), transport);
        var parts = new[] { "year=2017", "month=9", "day=20" }.Where(part => !part.StartsWith(missing + "=", StringComparison.Ordinal));

        var response = await client.GetAsync("/hello/?" + string.Join('&', parts));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal($"Missing '{missing}' key", response.Text);
    }

    [Theory, Transports]
    public async Task APartThatIsNotANumberIsABadRequest(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(CustomQueryApp.Create(), transport);

        var response = await client.GetAsync("/hello/?year=2017&month=september&day=20");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Key 'month' must be castable to int", response.Text);
    }

    [Theory, Transports]
    public async Task AnImpossibleDateIsABadRequestFromTheAppsOwnQuery(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(CustomQueryApp.Create(), transport);

        var response = await client.GetAsync("/hello/?year=2017&month=2&day=30");

        // The message is DateQuery's own: the handler read the date through the app's Query type.
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("No such date", response.Text);
    }
}
