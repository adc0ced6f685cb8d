namespace Roll;

// The stopping event: a graceful stop has begun, and the server still accepts connections until its listeners are done.
public partial class RollApp
{
    private readonly List<Func<Task>> _stopping = [];

    /// <summary>Runs when a server begins to stop gracefully, before it stops accepting connections; the server waits for the listener (a drain delay, say).</summary>
    public void OnStopping(Func<Task> listener) => _stopping.Add(listener);

    /// <summary>Runs when a server begins to stop gracefully, before it stops accepting connections.</summary>
    public void OnStopping(Action listener) => _stopping.Add(() => { listener(); return Task.CompletedTask; });

    /// <summary>Runs the <c>stopping</c> listeners; servers call it once when a graceful stop begins, before they refuse new connections.</summary>
    public Task StoppingAsync() => RunLifetimeAsync(_stopping);
}
