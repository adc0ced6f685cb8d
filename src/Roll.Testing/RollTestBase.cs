using Xunit;

namespace Roll.Testing;

/// <summary>The xUnit base of a Roll test class: a fresh app and <see cref="TestClient"/> per test, with startup and shutdown run around it.</summary>
/// <remarks>
/// xUnit makes a new instance of the test class for each test, so <see cref="InitializeAsync"/> and
/// <see cref="DisposeAsync"/> run around every test: the app is created by <see cref="CreateApp"/>, its startup
/// listeners run before the test, and after it the client's connection is closed and the shutdown listeners run.
/// </remarks>
public abstract class RollTestBase : IAsyncLifetime
{
    /// <summary>The app under test, made by <see cref="CreateApp"/> for this test.</summary>
    protected RollApp App { get; private set; } = null!;

    /// <summary>An in-memory client of <see cref="App"/>.</summary>
    protected TestClient Client { get; private set; } = null!;

    /// <summary>Creates the app the test runs against; called once per test.</summary>
    protected abstract RollApp CreateApp();

    /// <summary>Creates the app and its client, then runs the app's startup listeners.</summary>
    public virtual async Task InitializeAsync()
    {
        App = CreateApp();
        Client = new TestClient(App);
        await App.StartupAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the client's connection, then runs the app's shutdown listeners.</summary>
    public virtual async Task DisposeAsync()
    {
        // Null when CreateApp failed: xUnit still disposes, and that failure is the one to report.
        if (App is null)
        {
            return;
        }
        try
        {
            await Client.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await App.ShutdownAsync().ConfigureAwait(false);
        }
    }
}
