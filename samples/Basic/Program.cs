using System.Net;
using Roll;

var app = new RollApp();

app.OnStartup(() => Console.WriteLine("Ready to roll!"));

app.Route("/hello/{parameter}", (request, response, parameter) =>
{
    if (parameter == "foo")
    {
        throw new HttpError(HttpStatusCode.BadRequest, "Run, you foo(l)!");
    }
    response.Body = $"Hello {parameter}";
});

await app.ServeAsync(args);
