using System.Net;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class SignedCookiesTests
{
    private const string Secret = "an old secret of more than thirty-two characters";
    private const string NewSecret = "a new secret of more than thirty-two characters!";

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static RollApp App(string[] secrets, bool encrypt = false, TimeProvider? clock = null)
    {
        var app = new RollApp();
        app.SignedCookies(secrets, encrypt, clock);
        // snippet: signed-cookie
        app.Route("/set", (request, response) => response.SetSignedCookie("user", request.Query.Get("value", "alice")!, maxAge: TimeSpan.FromMinutes(10)));
        app.Route("/get", (request, response) => response.Body = request.SignedCookie("user") ?? "(absent)");
        // end-snippet
        return app;
    }

    private static Dictionary<string, string> Cookie(string name, string value) => new() { ["Cookie"] = $"{name}={value}" };

    private static async Task<string> SetAsync(RollApp app, string value = "alice")
    {
        await using var client = new TestClient(app);
        return (await client.GetAsync($"/set?value={Uri.EscapeDataString(value)}")).Cookies["user"];
    }

    private static async Task<string> GetAsync(RollApp app, string token, string name = "user")
    {
        await using var client = new TestClient(app);
        return (await client.GetAsync("/get", Cookie(name, token))).Text;
    }

    [Fact]
    public async Task ASignedValueReadsBack()
    {
        var app = App([Secret]);

        Assert.Equal("alice", await GetAsync(app, await SetAsync(app)));
    }

    [Fact]
    public async Task AnyTextReadsBack()
    {
        var app = App([Secret]);

        Assert.Equal("zoë; \"quoted\", ✓", await GetAsync(app, await SetAsync(app, "zoë; \"quoted\", ✓")));
    }

    [Fact]
    public async Task TheCookieIsHttpOnlyLaxAndForTheWholeSite()
    {
        await using var client = new TestClient(App([Secret]));

        var header = (await client.GetAsync("/set")).SetCookies.Single();

        Assert.Contains("httponly", header);
        Assert.Contains("samesite=lax", header);
        Assert.Contains("path=/", header);
        Assert.Contains("max-age=600", header);
        Assert.DoesNotContain("secure", header);
    }

    [Fact]
    public async Task ASignedValueIsReadableButAnEncryptedOneIsNot()
    {
        var signed = await SetAsync(App([Secret]), "visible-name");
        var encrypted = await SetAsync(App([Secret], encrypt: true), "visible-name");

        Assert.Contains("visible-name", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(ToBase64(signed))));
        Assert.DoesNotContain("visible-name", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(ToBase64(encrypted))));
        Assert.Equal("visible-name", await GetAsync(App([Secret], encrypt: true), encrypted));
    }

    private static string ToBase64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
    }

    [Fact]
    public async Task EveryChangedCharacterMakesTheValueAbsent()
    {
        var app = App([Secret]);
        var token = await SetAsync(app);

        for (var i = 0; i < token.Length; i++)
        {
            var tampered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Equal("(absent)", await GetAsync(app, tampered));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AValueChangedInsideItsEnvelopeIsAbsent(bool encrypt)
    {
        var app = App([Secret], encrypt);
        var bytes = Convert.FromBase64String(ToBase64(await SetAsync(app, "alice")));
        bytes[12] ^= 1;
        var tampered = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal("(absent)", await GetAsync(app, tampered));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("%%%")]
    [InlineData("AQ")]
    public async Task AMalformedValueIsAbsent(string token)
    {
        Assert.Equal("(absent)", await GetAsync(App([Secret]), token));
    }

    [Fact]
    public async Task AValueSignedForAnotherCookieIsAbsent()
    {
        var app = App([Secret]);
        var keys = new KeyRing([Secret]);

        Assert.Equal("(absent)", await GetAsync(app, keys.Protect("admin", "alice")));
        Assert.Equal("alice", await GetAsync(app, keys.Protect("user", "alice")));
    }

    [Fact]
    public async Task AnotherKeysValueIsAbsent()
    {
        Assert.Equal("(absent)", await GetAsync(App([NewSecret]), await SetAsync(App([Secret]))));
    }

    [Fact]
    public async Task AfterRotationOldValuesStillReadAndNewOnesAreSignedWithTheNewKey()
    {
        var oldToken = await SetAsync(App([Secret]));
        var rotated = App([NewSecret, Secret]);
        var newToken = await SetAsync(rotated, "bob");

        Assert.Equal("alice", await GetAsync(rotated, oldToken));
        Assert.Equal("bob", await GetAsync(App([NewSecret]), newToken));
        Assert.Equal("(absent)", await GetAsync(App([Secret]), newToken));
    }

    [Fact]
    public async Task AnExpiredValueIsAbsent()
    {
        var clock = new ManualClock();
        var app = App([Secret], clock: clock);
        var token = await SetAsync(app);

        clock.Now += TimeSpan.FromMinutes(9);
        Assert.Equal("alice", await GetAsync(app, token));
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal("(absent)", await GetAsync(app, token));
    }

    [Fact]
    public async Task TheCookieIsSecureOnHttpsFromATrustedProxy()
    {
        var app = App([Secret]);
        app.TrustedProxies.Add("127.0.0.1");
        await using var client = await LiveClient.StartAsync(app);

        var header = (await client.GetAsync("/set", new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" })).SetCookies.Single();

        Assert.Contains("secure", header);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    public void WithoutKeysTheErrorSaysWhatToSet(string? variable)
    {
        var error = Assert.Throws<InvalidOperationException>(() => KeyRing.FromVariable(variable));

        Assert.Contains("ROLL_SECRET_KEYS", error.Message);
    }

    [Fact]
    public void KeysComeFromTheVariableNewestFirst()
    {
        var keys = KeyRing.FromVariable($"{NewSecret}, {Secret}");
        var token = keys.Protect("user", "alice");

        Assert.Equal(2, keys.Count);
        Assert.Equal("alice", new KeyRing([NewSecret]).Unprotect("user", token, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void AShortSecretIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new RollApp().SignedCookies(["short"]));
    }

    [Fact]
    public async Task ReadingASignedCookieWithoutKeysSaysWhatToCall()
    {
        var app = new RollApp();
        app.Route("/get", (request, response) => response.Body = request.SignedCookie("user") ?? "");
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/get");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
    }
}
