using System.Security.Cryptography;
using Roll;

// The server of the stress scripts: a small answer for the load, and a route whose body is loaded before the
// handler (not lazy) that answers its length and SHA-256, read through request.OpenBody() so that a body kept
// in a temporary file is never copied into memory. Limits are the engine's defaults.
var app = new RollApp();

app.Route("/hello", (request, response) => response.Body = "Hello, World!");

app.Route("/upload", async (request, response) =>
{
    await using var body = request.OpenBody();
    var hash = await SHA256.HashDataAsync(body);
    response.Body = $"{request.BodyLength} {Convert.ToHexStringLower(hash)}";
}, methods: ["POST"]);

await app.ServeAsync(args);
