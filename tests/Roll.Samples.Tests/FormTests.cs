using System.Net;
using FormSample;
using Roll.Testing;

namespace Samples.Tests;

public class FormTests
{
    private const string UrlEncoded = "application/x-www-form-urlencoded";
    private const string Multipart = "multipart/form-data";

    [Theory, Transports(UrlEncoded, Multipart)]
    public async Task LoginAnswersTheUsernameAndPassword(Transport transport, string contentType)
    {
        await using var client = await SampleClients.StartAsync(FormApp.Create(), transport);
        var fields = new Dictionary<string, string> { ["username"] = "David", ["password"] = "123456" };

        var response = await client.PostAsync("/login", fields, contentType);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Username: `David` password: `123456`.", response.Text);
    }

    [Theory, Transports(UrlEncoded, Multipart)]
    public async Task LoginWithoutPasswordIsABadRequest(Transport transport, string contentType)
    {
        await using var client = await SampleClients.StartAsync(FormApp.Create(), transport);
        var fields = new Dictionary<string, string> { ["username"] = "David" };

        var response = await client.PostAsync("/login", fields, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Missing 'password' key", response.Text);
    }

    [Theory, Transports]
    public async Task AvatarUploadAnswersTheFileNameAndContent(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(FormApp.Create(), transport);

        var response = await client.PostAsync("/upload/avatar", files: [new TestFile("avatar", "me.png", "foo"u8.ToArray(), "image/png")]);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("me.png foo", response.Text);
    }

    [Theory, Transports]
    public async Task AvatarUploadWithoutTheFileIsABadRequest(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(FormApp.Create(), transport);
        var fields = new Dictionary<string, string> { ["avatar"] = "me.png" };

        // A plain field of that name is no file.
        var response = await client.PostAsync("/upload/avatar", fields, Multipart);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Missing 'avatar' key", response.Text);
    }

    [Theory, Transports(UrlEncoded, Multipart)]
    public async Task LoginWithMoreFieldsThanTheFormLimitIsABadRequest(Transport transport, string contentType)
    {
        await using var client = await SampleClients.StartAsync(FormApp.Create(), transport);
        var fields = Enumerable.Range(0, 1025).ToDictionary(i => $"field{i}", i => "x");
        fields["username"] = "David";
        fields["password"] = "123456";

        var response = await client.PostAsync("/login", fields, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Form value count limit 1024 exceeded", response.Text);
    }

    [Theory, Transports]
    public async Task AvatarUploadWithAFileNameStarThatIsNotRfc8187IsStillTheFile(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(FormApp.Create(), transport);
        byte[] body =
        [
            .. "--b\r\nContent-Disposition: form-data; name=\"avatar\"; filename*=\"m"u8, 0xE9, .. ".png\"\r\n\r\nfoo\r\n--b--\r\n"u8,
        ];

        var response = await client.PostAsync("/upload/avatar", body, "multipart/form-data; boundary=b");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("m\uFFFD.png foo", response.Text);
    }
}
