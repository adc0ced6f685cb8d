using System.IO.Pipelines;

namespace Roll.Testing;

/// <summary>One connection of a test client to the app: the request bytes going out and the response bytes coming back.</summary>
internal abstract class ClientConnection : IAsyncDisposable
{
    /// <summary>Where the client writes requests.</summary>
    public abstract PipeWriter Output { get; }

    /// <summary>Where the client reads what the server writes.</summary>
    public abstract PipeReader Input { get; }

    /// <summary>How many responses the connection has carried; a connection that carried one is being reused.</summary>
    public int Served { get; set; }

    /// <summary>Tells the server the client sends nothing more (a half-close), while still reading what it writes.</summary>
    public abstract ValueTask CompleteOutputAsync();

    /// <summary>Drops the connection at once, without waiting for the server.</summary>
    public abstract void Abort();

    /// <summary>Closes the connection and waits for the server side to end, rethrowing the engine's failure if it had one.</summary>
    public abstract ValueTask DisposeAsync();
}
