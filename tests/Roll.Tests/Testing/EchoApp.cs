using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Roll.Server;

namespace Roll.Tests.Testing;

/// <summary>An app for the clients' tests: it echoes what it parsed from each request, and counts its connections.</summary>
internal sealed class EchoApp : RollApp
{
    private static readonly string[] s_allMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT"];

    private int _connections;

    public EchoApp()
    {
        Route("/echo", Echo, methods: s_allMethods);
        Route("/echo/{rest:path}", (request, response, rest) => Echo(request, response), methods: s_allMethods);
        Route("/text", (request, response) => response.Body = "hello");
        Route("/chunks", (request, response) => response.Body = ResponseBody.FromChunks(Chunks()));
        Route("/cookies", (request, response) =>
        {
            response.Cookies.Set("session", "a b;c=d", httpOnly: true, path: "/");
            response.Cookies.Set("theme", "dark");
            response.Cookies.Delete("old");
        });
        Route("/close", (request, response) =>
        {
            response.Headers["Connection"] = "close";
            response.Body = "bye";
        });
        Route("/peer", (request, response) => response.Body = request.RemoteEndPoint?.ToString());
    }

    /// <summary>How many connections the engine has opened for this app.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public override HttpProtocol CreateProtocol(IDuplexPipe transport, EndPoint? remoteEndPoint = null)
    {
        Interlocked.Increment(ref _connections);
        return base.CreateProtocol(transport, remoteEndPoint);
    }

    private static async IAsyncEnumerable<string> Chunks()
    {
        yield return "one,";
        await Task.Yield();
        yield return "two,";
        yield return "three";
    }

    private static void Echo(Request request, Response response)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = value;
        }
        var echo = new JsonObject
        {
            ["method"] = request.Method,
            ["url"] = request.Url,
            ["path"] = request.Path,
            ["headers"] = headers,
            ["body"] = Encoding.UTF8.GetString(request.Body),
        };
        if (request.ContentType.Contains("form", StringComparison.Ordinal))
        {
            var form = new JsonObject();
            foreach (var (key, values) in request.Form)
            {
                form[key] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
            }
            var files = new JsonObject();
            foreach (var (key, uploads) in request.Files)
            {
                files[key] = new JsonArray(uploads.Select(f => (JsonNode?)new JsonObject
                {
                    ["fileName"] = f.FileName,
                    ["contentType"] = f.ContentType,
                    ["text"] = f.ReadText(),
                }).ToArray());
            }
            echo["form"] = form;
            echo["files"] = files;
        }
        if (request.ContentType.Contains("json", StringComparison.Ordinal))
        {
            echo["json"] = request.Json?.DeepClone();
        }
        response.Json = echo;
    }
}
