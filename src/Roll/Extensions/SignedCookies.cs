using System.Runtime.CompilerServices;

namespace Roll;

/// <summary>The <c>signed_cookies</c> extension: cookie values signed (and optionally encrypted) with the app's <see cref="KeyRing"/>, so a client can read them but not forge them.</summary>
public static class SignedCookiesExtensions
{
    private static readonly ConditionalWeakTable<RollApp, SignedCookieSettings> s_settings = [];

    /// <summary>Gives the app the keys that seal cookies: <paramref name="secrets"/> (newest first), or <c>ROLL_SECRET_KEYS</c> when null; fails at once, saying what to set, when there is none.</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="secrets">The secrets, newest first, each at least <see cref="KeyRing.MinimumSecretLength"/> characters; the first signs, all verify.</param>
    /// <param name="encrypt">Whether values are also encrypted (AES-GCM), so that the client cannot read them either.</param>
    /// <param name="timeProvider">The clock that expiry is checked against; the system's when null.</param>
    public static void SignedCookies(this RollApp app, IEnumerable<string>? secrets = null, bool encrypt = false, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var keys = secrets is null ? KeyRing.FromEnvironment() : new KeyRing(secrets);
        s_settings.AddOrUpdate(app, new SignedCookieSettings(keys, encrypt, timeProvider ?? TimeProvider.System));
    }

    /// <summary>The value of the signed cookie <paramref name="name"/>; null when it is absent, tampered with, sealed with an unknown key, or expired.</summary>
    public static string? SignedCookie(this Request request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = Settings(request.App);
        return request.Cookies.TryGetValue(name, out var token) ? settings.Keys.Unprotect(name, token, settings.Time.GetUtcNow()) : null;
    }

    /// <summary>Sets a signed cookie (encrypted too if the app says so): <c>HttpOnly</c>, <c>SameSite=Lax</c>, <c>Path=/</c>, and <c>Secure</c> when the request came over https, unless changed on the cookie returned.</summary>
    /// <param name="response">The response that sets it.</param>
    /// <param name="name">The cookie's name.</param>
    /// <param name="value">The value, any text.</param>
    /// <param name="maxAge">How long the client keeps it, and how long the value is honoured; a browser-session cookie without expiry when null.</param>
    public static Cookie SetSignedCookie(this Response response, string name, string value, TimeSpan? maxAge = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var settings = Settings(response.Request.App);
        var expires = maxAge is { } age ? settings.Time.GetUtcNow() + age : (DateTimeOffset?)null;
        var sealedValue = settings.Keys.Protect(name, value, expires, settings.Encrypt);
        return response.Cookies.Set(name, sealedValue, maxAge: maxAge, httpOnly: true, sameSite: SameSite.Lax, path: "/",
            secure: response.Request.Scheme == "https");
    }

    internal static SignedCookieSettings Settings(RollApp app)
        => s_settings.TryGetValue(app, out var settings) ? settings : throw new InvalidOperationException(
            "Signed cookies need the app's secret keys: call app.SignedCookies() (it reads ROLL_SECRET_KEYS) or app.SignedCookies([secret]) first.");

    internal static bool HasSettings(RollApp app) => s_settings.TryGetValue(app, out _);
}

/// <summary>The keys, the choice to encrypt and the clock of one app's signed cookies.</summary>
internal sealed record SignedCookieSettings(KeyRing Keys, bool Encrypt, TimeProvider Time);
