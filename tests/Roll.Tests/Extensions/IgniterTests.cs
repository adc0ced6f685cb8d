namespace Roll.Tests.Extensions;

public class IgniterTests
{
    [Fact]
    public async Task TheBannerIsPrintedAtStartupOnly()
    {
        var output = new StringWriter();
        var app = new RollApp();
        app.Igniter(output);

        Assert.Empty(output.ToString());
        await app.StartupAsync();

        Assert.Equal(IgniterExtensions.Banner + Environment.NewLine, output.ToString());
        Assert.Contains("async, simple, fast: pick three", output.ToString());
    }
}
