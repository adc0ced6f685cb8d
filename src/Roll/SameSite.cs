namespace Roll;

/// <summary>The SameSite attribute of a response cookie: when the browser sends it on cross-site requests.</summary>
public enum SameSite
{
    /// <summary>Sent on same-site requests and on top-level cross-site navigations.</summary>
    Lax,

    /// <summary>Sent on same-site requests only.</summary>
    Strict,

    /// <summary>Sent on every request; browsers require the cookie to be Secure as well.</summary>
    None,
}
