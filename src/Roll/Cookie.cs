using System.Buffers;
using System.IO.Pipelines;
using Roll.Server;
using Microsoft.Net.Http.Headers;

namespace Roll;

/// <summary>A cookie the response asks the client to store, written as one Set-Cookie header.</summary>
public sealed class Cookie
{
    // RFC 6265 §4.1.1: a cookie-name is an RFC 9110 §5.6.2 token.
    internal static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private string _value = "";
    private string? _path;
    private string? _domain;

    /// <summary>Creates a session cookie; <paramref name="name"/> must be an RFC 6265 token.</summary>
    public Cookie(string name, string value = "")
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("A cookie name cannot be empty.", nameof(name));
        }

        var invalid = name.AsSpan().IndexOfAnyExcept(TokenChars);
        if (invalid >= 0)
        {
            throw new ArgumentException(
                $"Cookie name '{name}' is not an RFC 6265 token: character {invalid} ('{name[invalid]}') is not allowed; "
                + "use letters, digits and !#$%&'*+-.^_`|~ only.",
                nameof(name));
        }

        Name = name;
        Value = value;
    }

    /// <summary>The name of the cookie.</summary>
    public string Name { get; }

    /// <summary>The value of the cookie, any text: it is percent-encoded on the wire.</summary>
    public string Value
    {
        get => _value;
        set => _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>How long the client keeps the cookie (Max-Age); zero deletes it.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>When the client drops the cookie (Expires); Max-Age wins when both are set.</summary>
    public DateTimeOffset? Expires { get; set; }

    /// <summary>Whether the cookie is sent over HTTPS only.</summary>
    public bool Secure { get; set; }

    /// <summary>Whether the cookie is hidden from scripts.</summary>
    public bool HttpOnly { get; set; }

    /// <summary>The path the cookie is sent for; the path of the request when null.</summary>
    public string? Path
    {
        get => _path;
        set => _path = CheckAttribute(value, nameof(Path));
    }

    /// <summary>The domain the cookie is sent to; the host of the request only when null.</summary>
    public string? Domain
    {
        get => _domain;
        set => _domain = CheckAttribute(value, nameof(Domain));
    }

    /// <summary>When the cookie is sent on cross-site requests; the browser's default when null.</summary>
    public SameSite? SameSite { get; set; }

    /// <summary>The value of the Set-Cookie header for this cookie.</summary>
    public override string ToString()
    {
        // Percent-encoding, as ASP.NET Core does, keeps any text within RFC 6265's cookie-octets;
        // the request side decodes it back.
        var header = new SetCookieHeaderValue(Name, Uri.EscapeDataString(Value))
        {
            MaxAge = MaxAge,
            Expires = Expires,
            Secure = Secure,
            HttpOnly = HttpOnly,
            Path = Path,
            Domain = Domain,
            SameSite = SameSite switch
            {
                Roll.SameSite.Lax => SameSiteMode.Lax,
                Roll.SameSite.Strict => SameSiteMode.Strict,
                Roll.SameSite.None => SameSiteMode.None,
                _ => SameSiteMode.Unspecified,
            },
        };
        return header.ToString();
    }

    // The characters Uri.EscapeDataString leaves as they are (RFC 3986 §2.3).
    private static readonly SearchValues<char> s_unreserved =
        SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    /// <summary>Writes the Set-Cookie header line; a cookie without attributes whose value needs no escaping goes straight to the wire.</summary>
    internal void WriteHeaderTo(PipeWriter output)
    {
        if (MaxAge is null && Expires is null && !Secure && !HttpOnly && _path is null && _domain is null && SameSite is null
            && !_value.AsSpan().ContainsAnyExcept(s_unreserved))
        {
            // What ToString gives for it, "name=value", without its string: a benchmark's cookie endpoint is the
            // one where that string and the builder behind it showed.
            output.Write("Set-Cookie: "u8);
            HttpWire.WriteAscii(output, Name);
            output.Write("="u8);
            HttpWire.WriteAscii(output, _value);
            output.Write("\r\n"u8);
            return;
        }
        HttpWire.WriteHeader(output, "Set-Cookie", ToString());
    }

    // RFC 6265 §4.1.1: Path and Domain values are ASCII without controls or ';'. SetCookieHeaderValue writes
    // them verbatim, so a ';' would inject attributes and a CR or LF would inject headers.
    private static string? CheckAttribute(string? value, string attribute)
    {
        if (value is not null && (value.AsSpan().IndexOfAnyExceptInRange(' ', '~') >= 0 || value.Contains(';')))
        {
            throw new ArgumentException(
                $"Cookie {attribute} '{value}' is invalid: it must be printable ASCII without ';' "
                + "(percent-encode the rest).",
                nameof(value));
        }

        return value;
    }
}
