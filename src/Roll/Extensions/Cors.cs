namespace Roll;

/// <summary>The <c>cors</c> extension: Access-Control-Allow-* headers on every response.</summary>
public static class CorsExtensions
{
    // The methods "*" stands for: those a browser may ask about in a preflight (RFC 9110 §9.3, plus PATCH).
    private static readonly string[] s_allMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>Adds the CORS headers to every response, errors included; with <see cref="OptionsExtensions.Options"/> a browser's preflight succeeds too.</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="origin">The Access-Control-Allow-Origin value: <c>*</c>, or one origin such as <c>https://example.org</c>.</param>
    /// <param name="methods">The Access-Control-Allow-Methods list; <c>["*"]</c> means every method; none sent when null.</param>
    /// <param name="headers">The Access-Control-Allow-Headers list; none sent when null or empty.</param>
    /// <param name="credentials">Whether to send <c>Access-Control-Allow-Credentials: true</c>.</param>
    public static void Cors(this RollApp app, string origin = "*", IEnumerable<string>? methods = null,
        IEnumerable<string>? headers = null, bool credentials = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        if (credentials && origin == "*")
        {
            // Fetch standard, CORS check: browsers refuse credentials with a wildcard origin, so this could never work.
            throw new ArgumentException(
                "CORS with credentials needs a real origin: browsers refuse 'Access-Control-Allow-Origin: *' with credentials; "
                + "give the origin, as in app.Cors(origin: \"https://example.org\", credentials: true).", nameof(origin));
        }
        var methodList = methods?.ToArray();
        var allowMethods = methodList is null ? null
            : string.Join(", ", methodList.Contains("*") ? s_allMethods : methodList.Select(m => m.ToUpperInvariant()));
        var allowHeaders = headers is null ? null : string.Join(", ", headers);

        app.OnResponse((request, response) =>
        {
            response.Headers["Access-Control-Allow-Origin"] = origin;
            if (allowMethods is not null)
            {
                response.Headers["Access-Control-Allow-Methods"] = allowMethods;
            }
            if (!string.IsNullOrEmpty(allowHeaders))
            {
                response.Headers["Access-Control-Allow-Headers"] = allowHeaders;
            }
            if (credentials)
            {
                response.Headers["Access-Control-Allow-Credentials"] = "true";
            }
            if (origin != "*")
            {
                // A cache shared by several origins must not hand one origin's answer to another (Fetch standard, CORS and caching).
                response.Headers["Vary"] = response.Headers["Vary"] is { } vary ? vary + ", Origin" : "Origin";
            }
        });
    }
}
