using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roll.Deploy.Tests;

/// <summary>SIGTERM to a sample process under load: every request it accepted is answered whole, and it exits with 0.</summary>
// System: a sample process under load until SIGTERM, tens of seconds.
[Trait("Category", "System")]
public class GracefulStopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SigtermUnderLoadAnswersEveryAcceptedRequestAndExitsWithZero()
    {
        using var notify = new NotifySocket();
        using var sample = ChildProcess.Start("dotnet", [Repository.Sample("FullAsync"), "--port", "0"],
            environment: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path });
        var port = int.Parse((await sample.WaitForLineAsync(@"^Rolling on http://127\.0\.0\.1:(\d+)$", Patience)).Groups[1].Value);
        Assert.StartsWith("READY=1", await notify.ReceiveAsync(Patience));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience };

        // A request in flight when the signal comes: its body is half sent, and half echoed back already.
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await slow.ConnectAsync(IPAddress.Loopback, port);
        await slow.SendAsync(Encoding.ASCII.GetBytes("POST /fullasync HTTP/1.1\r\nHost: sample\r\nContent-Length: 23\r\n\r\nfirst half, "));
        var slowAnswer = new StringBuilder();
        await ReceiveUntilAsync(slow, slowAnswer, "first half, ");

        // Load: loops that post and check the echo until the server refuses them.
        var outcomes = new ConcurrentQueue<Outcome>();
        var warmedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loops = Enumerable.Range(0, 8).Select(loop => Task.Run(() => LoadAsync(http, loop, outcomes, warmedUp))).ToArray();
        await warmedUp.Task.WaitAsync(Patience);

        sample.Signal();
        Assert.Equal("STOPPING=1", await notify.ReceiveAsync(Patience));
        await slow.SendAsync(Encoding.ASCII.GetBytes("second half"));
        await ReceiveUntilAsync(slow, slowAnswer, null);
        await Task.WhenAll(loops).WaitAsync(Patience);
        var exitCode = await sample.WaitForExitAsync(Patience);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", slowAnswer.ToString());
        Assert.Equal("first half, second half", Dechunk(slowAnswer.ToString()));
        Assert.All(outcomes, outcome => Assert.True(outcome is Outcome.Answered or Outcome.Refused, $"{outcome}"));
        Assert.True(outcomes.Count(o => o == Outcome.Answered) >= 200, $"only {outcomes.Count} requests");
        Assert.Equal(8, outcomes.Count(o => o == Outcome.Refused));
        Assert.Equal(0, exitCode);
        Assert.Contains("Stopping: no new connections", sample.Output);
    }

    /// <summary>Receives until the text holds <paramref name="expected"/>, or until the server closes when it is null.</summary>
    private static async Task ReceiveUntilAsync(Socket socket, StringBuilder received, string? expected)
    {
        var buffer = new byte[4096];
        while (expected is null || !received.ToString().Contains(expected, StringComparison.Ordinal))
        {
            using var cancel = new CancellationTokenSource(Patience);
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            if (read == 0)
            {
                Assert.Null(expected);
                return;
            }
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    /// <summary>The body of a chunked response, checked to end with the last chunk.</summary>
    private static string Dechunk(string response)
    {
        var rest = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var body = new StringBuilder();
        while (true)
        {
            var lineEnd = rest.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(rest[..lineEnd], 16);
            if (size == 0)
            {
                Assert.Equal("0\r\n\r\n", rest);
                return body.ToString();
            }
            body.Append(rest, lineEnd + 2, size);
            rest = rest[(lineEnd + 2 + size + 2)..];
        }
    }

    private static async Task LoadAsync(HttpClient http, int loop, ConcurrentQueue<Outcome> outcomes, TaskCompletionSource warmedUp)
    {
        for (var i = 0; ; i++)
        {
            var body = $"loop {loop} request {i}";
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/fullasync") { Content = new StringContent(body) };
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            }
            catch (HttpRequestException error) when (error.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded)
            {
                // Refused by the closed listener, or closed while idle before the server read the request: not accepted.
                outcomes.Enqueue(Outcome.Refused);
                return;
            }
            using (response)
            {
                try
                {
                    var answer = await response.Content.ReadAsStringAsync();
                    outcomes.Enqueue(response.StatusCode == HttpStatusCode.OK && answer == body ? Outcome.Answered : Outcome.Wrong);
                }
                catch (Exception error) when (error is HttpRequestException or IOException)
                {
                    // The head came but not the whole body: an accepted request left unanswered.
                    outcomes.Enqueue(Outcome.Cut);
                }
            }
            if (outcomes.Count >= 200)
            {
                warmedUp.TrySetResult();
            }
        }
    }

    private enum Outcome
    {
        Answered,
        Refused,
        Wrong,
        Cut,
    }
}
