namespace Samples.Tests;

public class SmokeTests
{
    [Fact]
    public void EverySampleBuildsItsApp()
    {
        Assert.NotEmpty(BasicSample.BasicApp.Create().Routes);
        Assert.NotEmpty(JsonSample.JsonApp.Create().Routes);
        Assert.NotEmpty(CustomQuerySample.CustomQueryApp.Create().Routes);
        Assert.NotEmpty(FormSample.FormApp.Create().Routes);
        Assert.NotEmpty(StreamResponseSample.StreamResponseApp.Create().Routes);
        Assert.NotEmpty(FullAsyncSample.FullAsyncApp.Create().Routes);
        Assert.NotEmpty(EchoSample.EchoApp.Create().Routes);
        Assert.NotEmpty(BenchSample.BenchApp.Create().Routes);
        Assert.NotEmpty(NegotiationSample.NegotiationApp.Create().Routes);
        Assert.NotEmpty(StaticSample.StaticApp.Create().Routes);
        Assert.NotEmpty(HtmlSample.HtmlApp.Create().Routes);
    }
}
