namespace Roll;

/// <summary>The <c>igniter</c> extension: a big banner at startup.</summary>
public static class IgniterExtensions
{
    /// <summary>The banner, as printed.</summary>
    public const string Banner = """

             ____       _ _
            |  _ \ ___ | | |     _____
            | |_) / _ \| | |    / ___ \
            |  _ < (_) | | |   | (_) ) |   ~ ~ ~
            |_| \_\___/|_|_|    \_____/   ~ ~ ~ ~
                                 .NET
              async, simple, fast: pick three

        """;

    /// <summary>Prints <see cref="Banner"/> when the app starts.</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="output">Where to print; the standard output when null.</param>
    public static void Igniter(this RollApp app, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnStartup(() => (output ?? Console.Out).WriteLine(Banner));
    }
}
