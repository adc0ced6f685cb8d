using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Roll.Server;

/// <summary>The token that fires when the client goes away in the middle of a request (<see cref="Request.Aborted"/>).</summary>
/// <remarks>
/// Nothing is watched until a handler asks for the token. Then, once the request's body is all read (at once, or when the
/// response starts streaming), a read on the connection waits beside the handler: the end of the client's input (or an
/// error on it) cancels the token, and so does a response write the client no longer takes. Bytes that arrive meanwhile
/// (a pipelined request) are left in the pipe for the next request. The watch ends, and the token is dropped, with the
/// response, before the connection reads the next request head.
/// </remarks>
public partial class HttpProtocol
{
    private CancellationTokenSource? _aborted;
    private Task? _watching;

    /// <summary>The token of the request in progress; asking for it starts the watch.</summary>
    internal CancellationToken RequestAborted
    {
        get
        {
            _aborted ??= new CancellationTokenSource();
            WatchIfAsked();
            return _aborted.Token;
        }
    }

    /// <summary>Starts the watch when the token was asked for and the body no longer needs the input.</summary>
    internal void WatchIfAsked()
    {
        if (_aborted is not null && _watching is null && Body.IsComplete && _stopUpgraded is null)
        {
            _watching = WatchAsync(_aborted);
        }
    }

    /// <summary>Cancels the token, when one was asked for: the client is not taking the response.</summary>
    internal void Abort()
    {
        if (_aborted is { IsCancellationRequested: false } aborted)
        {
            Cancel(aborted);
        }
    }

    /// <summary>Stops the watch and drops the token; nothing to do (and no allocation) when no handler asked for it.</summary>
    private ValueTask EndWatchAsync() => _aborted is null ? ValueTask.CompletedTask : EndWatchSlowAsync();

    private async ValueTask EndWatchSlowAsync()
    {
        if (_watching is { } watching)
        {
            if (!watching.IsCompleted)
            {
                _input.CancelPendingRead();
            }
            await watching.ConfigureAwait(false);
            _watching = null;
        }
        // A new source for the next request that asks: the handler may have left registrations on this one.
        _aborted?.Dispose();
        _aborted = null;
    }

    private async Task WatchAsync(CancellationTokenSource aborted)
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                // Nothing consumed: what came is the next request's, read once this one is answered.
                _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                if (result.IsCanceled)
                {
                    return;
                }
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            App.Logger.LogDebug(error, "The connection from {RemoteEndPoint} failed during a request", RemoteEndPoint);
        }
        Cancel(aborted);
    }

    private void Cancel(CancellationTokenSource aborted)
    {
        try
        {
            aborted.Cancel();
        }
        catch (AggregateException error)
        {
            App.Logger.LogWarning(error, "A callback on the aborted token of {Method} {Path} failed", _request.Method, _request.Path);
        }
    }
}
