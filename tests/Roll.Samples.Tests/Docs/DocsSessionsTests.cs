using Roll;
using Roll.Testing;

namespace Samples.Tests.Docs;

/// <summary>
/// Every console session in README.md and docs/ (a block with <c>$ </c> lines) is either run against a sample,
/// its output compared with the page's, or marked unchecked with a reason; a new page cannot drift silently.
/// </summary>
/// <remarks>The convention, for contributors: docs/index.md, "Console sessions in the docs".</remarks>
[Collection(nameof(ConsoleCaptureCollection))]
public class DocsSessionsTests
{
    /// <summary>The samples a session may name, and how to make each one's app.</summary>
    private static readonly Dictionary<string, Func<RollApp>> s_samples = new(StringComparer.Ordinal)
    {
        ["samples/Basic"] = BasicSample.BasicApp.Create,
        ["samples/Bench"] = BenchSample.BenchApp.Create,
        ["samples/CustomQuery"] = CustomQuerySample.CustomQueryApp.Create,
        ["samples/Echo"] = EchoSample.EchoApp.Create,
        ["samples/Form"] = FormSample.FormApp.Create,
        ["samples/FullAsync"] = FullAsyncSample.FullAsyncApp.Create,
        ["samples/Html"] = HtmlSample.HtmlApp.Create,
        ["samples/Json"] = JsonSample.JsonApp.Create,
        ["samples/Negotiation"] = NegotiationSample.NegotiationApp.Create,
        ["samples/Static"] = StaticSample.StaticApp.Create,
        ["samples/StreamResponse"] = StreamResponseSample.StreamResponseApp.Create,
        ["samples/Ticks"] = TicksSample.TicksApp.Create,
        ["samples/WebSocket"] = () => WebSocketSample.WebSocketApp.Create(),
    };

    /// <summary>Where each checked session is, <c>path:line</c> of its marker, one test case each.</summary>
    public static TheoryData<string> CheckedSessions()
    {
        var data = new TheoryData<string>();
        foreach (var session in ConsoleSession.All().Where(s => s.Sample is not null && s_samples.ContainsKey(s.Sample)))
        {
            data.Add(session.Where);
        }
        return data;
    }

    [Fact]
    public void EveryConsoleSessionIsCheckedOrMarkedUncheckedWithAReason()
    {
        var problems = new List<string>();
        // A ci session's commands are those whose output CI keeps and compares.
        var ci = File.ReadAllText(Path.Combine(ConsoleSession.Root, ".ci", "run"));
        foreach (var session in ConsoleSession.All())
        {
            if (session.Marker is null)
            {
                problems.Add($"{session.Where}: a console session with no marker; put <!-- session: samples/NAME --> "
                    + "(run and compared), <!-- session: shell --> (run by bash in the System tests), <!-- session: ci --> (the test suite itself, "
                    + "compared by CI) or <!-- session: unchecked: REASON --> on the line before its fence");
            }
            else if (session.Sample is { } sample && !s_samples.ContainsKey(sample))
            {
                problems.Add($"{session.Where}: '{sample}' is not a sample these tests can start ({string.Join(", ", s_samples.Keys)})");
            }
            else if (session.IsUnchecked && session.Marker[ConsoleSession.UncheckedPrefix.Length..].Trim().Length == 0)
            {
                problems.Add($"{session.Where}: an unchecked session says why: <!-- session: unchecked: REASON -->");
            }
            else if (session.IsShell && session.Options.FirstOrDefault(o => !ShellSessionsTests.IsKnownOption(o)) is { } option)
            {
                problems.Add($"{session.Where}: '{option}' is not an option of a shell session (serves, figures, timeout SECONDS, env NAME=VALUE)");
            }
            else if (session.IsCi && session.Commands.FirstOrDefault(c => !ci.Contains($"\"{c.Line}\"", StringComparison.Ordinal)
                && !ci.Contains($"'{c.Line}'", StringComparison.Ordinal)) is { } command)
            {
                problems.Add($"{session.Where}: `{command.Line}` is not a command whose log .ci/run gives to .ci/sessions.py");
            }
            else if (session.Sample is null && !session.IsShell && !session.IsUnchecked && !session.IsCi)
            {
                problems.Add($"{session.Where}: '{session.Marker}' is not a marker: samples/NAME, shell[; OPTIONS], ci or unchecked: REASON");
            }
        }
        problems.AddRange(ConsoleSession.StrayMarkers());
        Assert.True(problems.Count == 0, $"{problems.Count} console session problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void TheDocsHaveCheckedSessions()
    {
        Assert.True(CheckedSessions().Count > 20, "Most sessions of the tutorials and how-tos run against a sample.");
    }

    [Fact]
    public void AnEllipsisLineStandsForAnyNumberOfLines()
    {
        Assert.True(SessionRunner.Matches(["a", "...", "d"], ["a", "b", "c", "d"]));
        Assert.True(SessionRunner.Matches(["a", "...", "d"], ["a", "d"]));
        Assert.False(SessionRunner.Matches(["a", "d"], ["a", "b", "d"]));
        Assert.False(SessionRunner.Matches(["a", "...", "d"], ["a", "b", "c"]));
    }

    [Fact]
    public void AnEllipsisInALineStandsForAnyText()
    {
        Assert.True(SessionRunner.Matches(["Set-Cookie: session=AQ...; path=/"], ["Set-Cookie: session=AQx9_z; path=/"]));
        Assert.False(SessionRunner.Matches(["Set-Cookie: session=AQ...; path=/"], ["Set-Cookie: session=BQx9_z; path=/"]));
        Assert.False(SessionRunner.Matches(["Set-Cookie: (any)"], ["Set-Cookie: x"]));
    }

    [Fact]
    public void DatesPortsAndCurlsVersionAreNormalised()
    {
        var live = SessionRunner.Normalise("Host: 127.0.0.1:41234\r\nUser-Agent: curl/8.5.0\r\nDate: Mon, 07 Dec 2026 23:01:02 GMT\r\n", ("41234", "3579"));
        string[] page = ["Host: 127.0.0.1:3579", "User-Agent: curl/7.88.1", "Date: Thu, 26 Nov 2026 14:10:51 GMT "];

        Assert.Equal(page.Select(SessionRunner.NormaliseLine), live);
    }

    [SessionTheory]
    [MemberData(nameof(CheckedSessions))]
    public async Task SessionPrintsWhatThePageShows(string where)
    {
        var session = ConsoleSession.At(where);
        var folder = Directory.CreateTempSubdirectory("roll-session-");
        try
        {
            var create = s_samples[session.Sample!];
            await using var client = await LiveClient.StartAsync(create());
            foreach (var command in session.Commands)
            {
                var actual = await SessionRunner.RunAsync(command, session.Sample!, create, client.Port, folder.FullName);
                var expected = command.Expected.Select(SessionRunner.NormaliseLine).ToArray();
                Assert.True(SessionRunner.Matches(expected, actual),
                    $"{where}: `$ {command.Line}` printed{Environment.NewLine}{string.Join(Environment.NewLine, actual)}"
                    + $"{Environment.NewLine}where the page shows{Environment.NewLine}{string.Join(Environment.NewLine, expected)}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>A theory over console sessions, skipped with the reason when bash or curl is missing.</summary>
public sealed class SessionTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory when a tool the sessions run is missing.</summary>
    public SessionTheoryAttribute()
    {
        if (SessionRunner.MissingTool is { } reason)
        {
            Skip = reason;
        }
    }
}
