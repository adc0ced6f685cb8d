using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Roll.Kestrel;

/// <summary>What Kestrel runs for each request: hands it to an engine connection of the app's, new or kept from the same Kestrel connection.</summary>
internal sealed class RollBridge(RollApp app) : IHttpApplication<IFeatureCollection>
{
    private readonly ConcurrentDictionary<BridgedConnection, byte> _live = new();
    private readonly ConcurrentDictionary<Task, byte> _retiring = new();

    /// <summary>The app served.</summary>
    public RollApp App => app;

    /// <summary>How many engine connections are open, busy or idle.</summary>
    public int OpenConnections => _live.Count;

    /// <inheritdoc/>
    public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

    /// <inheritdoc/>
    public void DisposeContext(IFeatureCollection context, Exception? exception)
    {
    }

    /// <inheritdoc/>
    public async Task ProcessRequestAsync(IFeatureCollection context)
    {
        var bridges = ConnectionBridges.Of(context, this);
        var connection = bridges?.TryTake() ?? Open(context);
        try
        {
            await connection.ServeAsync(context).ConfigureAwait(false);
        }
        finally
        {
            if (bridges is null)
            {
                Retire(connection);
            }
            else
            {
                bridges.Return(connection);
            }
        }
    }

    /// <summary>Closes an engine connection in the background; <see cref="CloseAllAsync"/> waits for it.</summary>
    public void Retire(BridgedConnection connection)
    {
        var closing = RetireAsync(connection);
        _retiring.TryAdd(closing, 0);
        _ = closing.ContinueWith(static (task, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(task, out _),
            _retiring, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Closes open websockets with 1001 (Going Away) as the server stops; requests in flight are Kestrel's to finish.</summary>
    public void StopWebSockets()
    {
        foreach (var connection in _live.Keys)
        {
            if (connection.IsTunnelling)
            {
                connection.Stop();
            }
        }
    }

    /// <summary>Closes every engine connection left once Kestrel has stopped, waiting for them at most <paramref name="timeout"/>.</summary>
    public async Task CloseAllAsync(TimeSpan timeout)
    {
        foreach (var connection in _live.Keys)
        {
            Retire(connection);
        }
        var all = Task.WhenAll(_retiring.Keys);
        if (await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false) != all)
        {
            app.Logger.LogWarning("{Count} engine connection(s) still busy {Timeout} after the server stopped", _live.Count, timeout);
        }
    }

    private BridgedConnection Open(IFeatureCollection features)
    {
        var connection = new BridgedConnection(app, ClientOrigin.PeerOf(features), ClientOrigin.SchemeOf(features));
        _live.TryAdd(connection, 0);
        return connection;
    }

    private async Task RetireAsync(BridgedConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or InvalidOperationException or OperationCanceledException)
        {
            app.Logger.LogDebug(error, "An engine connection ended with an error");
        }
        finally
        {
            _live.TryRemove(connection, out _);
        }
    }
}
