namespace Roll.Hosting;

/// <summary>Where a hosted Roll app listens, bound from the configuration section <c>Roll</c>; the app's limits are bound from <c>Roll:Limits</c>.</summary>
/// <remarks>
/// In <c>appsettings.json</c>: <c>{ "Roll": { "Urls": ["http://0.0.0.0:8000"], "TrustedProxies": ["unix"], "Limits": { "ShutdownTimeout": "00:00:10" } } }</c>;
/// in the environment: <c>Roll__Urls__0=unix:/run/app/app.sock</c>, <c>Roll__UnixSocketMode=660</c>.
/// </remarks>
public sealed class RollHostOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string Section = "Roll";

    /// <summary>The addresses to listen on: <c>http://HOST:PORT</c> (port 0: any free port) or <c>unix:PATH</c>; <c>http://127.0.0.1:3579</c> when empty.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>The permissions of unix socket files, in octal (<c>660</c>); the umask's when null.</summary>
    public string? UnixSocketMode { get; set; }

    /// <summary>The proxies trusted with X-Forwarded-For and X-Forwarded-Proto: addresses, networks or <c>unix</c>.</summary>
    public List<string> TrustedProxies { get; set; } = [];
}
