using DocsSite;
using Roll.Testing;
using Roll.Tests.Browser;

namespace Samples.Tests;

/// <summary>The docs site, built by docs/build-site.sh and served by docs/Site, in a real headless Chromium.</summary>
/// <remarks>Set ROLL_SCREENSHOTS to a folder to keep a PNG of each page looked at.</remarks>
[Trait("Category", "System")]
// Not beside the docs' shell sessions: build-the-docs-site.md rebuilds docs/_site, deleting it first.
[Collection(nameof(Docs.ShellSessionsCollection))]
public class DocsSiteTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [DocsSiteFact]
    public async Task TheHomeATutorialAHowToAndAnApiPageRenderWithoutConsoleErrors()
    {
        await using var site = await LiveClient.StartAsync(SiteApp.Create(SiteApp.BuiltRoot!));
        await using var browser = await Chromium.StartAsync();
        var problems = new List<string>();

        foreach (var (path, heading, name) in new[]
        {
            ("/", "Roll for .NET documentation", "home"),
            ("/tutorials/first-app.html", "Your first app", "tutorial"),
            ("/how-to/return-an-http-error.html", "How to return an HTTP error", "how-to"),
            ("/api/Roll.HttpError.html", "Class HttpError", "api"),
        })
        {
            var page = await browser.OpenAsync(new Uri(site.BaseAddress, path).ToString());
            // The navigation bar, the part's table of contents and the code's colours are drawn by script after the load event.
            await page.WaitForAsync($"document.querySelector('h1')?.textContent.trim() === {Quoted(heading)}"
                + " && document.querySelectorAll('#navbar a.nav-link').length >= 5"
                + " && [...document.querySelectorAll('pre code')].every(code => code.classList.contains('hljs'))"
                + (path == "/" ? "" : " && document.querySelectorAll('#toc a').length > 0"), s_patience);
            await Keep(page, name);
            problems.AddRange(page.Errors.Select(error => $"{path}: {error}"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [DocsSiteFact]
    public async Task TheSearchBoxFindsHttpError()
    {
        await using var site = await LiveClient.StartAsync(SiteApp.Create(SiteApp.BuiltRoot!));
        await using var browser = await Chromium.StartAsync();
        var page = await browser.OpenAsync(site.BaseAddress.ToString());

        // The box is enabled once the search worker has loaded the index, index.json, from the site itself.
        await page.WaitForAsync("window.docfx?.searchReady === true", s_patience);
        await page.EvaluateAsync("""
            (() => {
              const box = document.getElementById('search-query');
              box.value = 'HttpError';
              box.dispatchEvent(new Event('input', { bubbles: true }));
            })()
            """);
        await page.WaitForAsync("document.querySelector('#search-results a[href*=\"api/Roll.HttpError.html\"]')", s_patience);
        await Keep(page, "search");

        Assert.Empty(page.Errors);
    }

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static async Task Keep(ChromiumPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("ROLL_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"docs-{name}.png"), await page.ScreenshotAsync());
        }
    }
}

/// <summary>A fact that needs Chromium and the built docs site, skipped with the reason where either is missing.</summary>
public sealed class DocsSiteFactAttribute : FactAttribute
{
    /// <summary>Skips the test where Chromium or docs/_site is missing.</summary>
    public DocsSiteFactAttribute()
    {
        Skip = Chromium.MissingReason
            ?? (SiteApp.BuiltRoot is null ? "The docs site is not built: run docs/build-site.sh (.ci/run does)" : null);
    }
}
