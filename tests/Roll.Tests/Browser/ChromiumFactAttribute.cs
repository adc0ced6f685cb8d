namespace Roll.Tests.Browser;

/// <summary>A fact that needs headless Chromium: skipped, saying how to install it, where there is none.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
