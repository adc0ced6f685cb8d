using System.IO.Pipelines;
using System.Text;
using Roll.Server;

namespace Roll.Tests.Server;

public class BodyReaderTests
{
    [Fact]
    public async Task StaleCancelledReadIsReadPast()
    {
        // A timeout or a stop can cancel the pending read just as a request's head is taken; the body read
        // that follows must shrug the cancellation off, not break the pipe's read-advance protocol.
        var requests = new Pipe();
        var responses = new Pipe();
        var body = new BodyReader(requests.Reader, responses.Writer, () => ValueTask.CompletedTask);
        var head = new RequestHead();
        head.Reset(0);
        head.IsHttp11 = true;
        head.ContentLength = 5;
        body.Reset(head, new ServerLimits());
        requests.Reader.CancelPendingRead();
        var first = body.ReadAsync().AsTask();
        await requests.Writer.WriteAsync("he"u8.ToArray());
        var firstText = Encoding.ASCII.GetString((await first.WaitAsync(RawConnection.Patience)).Span);
        var waiting = body.ReadAsync().AsTask();
        requests.Reader.CancelPendingRead();
        await requests.Writer.WriteAsync("llo"u8.ToArray());
        var secondText = Encoding.ASCII.GetString((await waiting.WaitAsync(RawConnection.Patience)).Span);
        var end = await body.ReadAsync().AsTask().WaitAsync(RawConnection.Patience);

        Assert.Equal("he", firstText);
        Assert.Equal("llo", secondText);
        Assert.True(end.IsEmpty);
        Assert.True(body.IsComplete);
    }
}
