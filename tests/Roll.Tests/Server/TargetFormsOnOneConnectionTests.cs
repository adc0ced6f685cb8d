namespace Roll.Tests.Server;

// The engine reuses the string of a decoded path while a connection repeats its bytes. Every form of the target
// sets the path its own way, so each is sent on one connection between two sends of every earlier one: a path left
// over from another form would send a request to another path's handler.
public class TargetFormsOnOneConnectionTests
{
    private static readonly (string Target, string Handler, string Path)[] s_forms =
    [
        ("/echo", "echo", "/echo"),
        ("/echo?x=1", "echo", "/echo"),
        ("/caf%C3%A9", "cafe", "/café"),
        ("/cookie", "cookie", "/cookie"),
        ("http://x.example/cookie", "cookie", "/cookie"),
        ("http://x.example", "root", "/"),
        ("/", "root", "/"),
        ("http://x.example/echo?x=1", "echo", "/echo"),
        ("*", "server", "*"),
    ];

    [Fact]
    public async Task EveryTargetFormThenEachEarlierPathAgainReachesItsOwnHandler()
    {
        await using var connection = new RawConnection(App());

        // Each form, between two sends of every form before it: a, b, a.
        var sequence = new List<(string Target, string Handler, string Path)>();
        for (var i = 0; i < s_forms.Length; i++)
        {
            sequence.Add(s_forms[i]);
            for (var j = 0; j < i; j++)
            {
                sequence.AddRange([s_forms[j], s_forms[i], s_forms[j]]);
            }
        }
        foreach (var (target, handler, path) in sequence)
        {
            var method = target == "*" ? "OPTIONS" : "GET";
            await connection.SendAsync($"{method} {target} HTTP/1.1\r\nHost: x\r\n\r\n");
            var response = await connection.ReadResponseAsync();

            if (handler == "server")
            {
                Assert.True(response.Status == 200 && response.Header("Allow") is not null, $"OPTIONS * answered:\n{response}");
            }
            else
            {
                Assert.True($"{handler} {path}" == response.Text, $"{method} {target} answered:\n{response}");
            }
        }
    }

    [Fact]
    public async Task AConnectAfterOtherTargetsIsRefusedWithoutDisturbingThem()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        var before = await connection.ReadResponseAsync();
        await connection.SendAsync("CONNECT x.example:443 HTTP/1.1\r\nHost: x.example:443\r\n\r\n");
        var connect = await connection.ReadResponseAsync();

        Assert.Equal("echo /echo", before.Text);
        Assert.Equal(501, connect.Status);
        Assert.True(connect.AsksToClose);
        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = $"root {request.Path}");
        app.Route("/echo", (request, response) => response.Body = $"echo {request.Path}");
        app.Route("/cookie", (request, response) => response.Body = $"cookie {request.Path}");
        app.Route("/café", (request, response) => response.Body = $"cafe {request.Path}");
        return app;
    }
}
