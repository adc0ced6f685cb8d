using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Roll.Server;

/// <summary>The token that fires when the client goes away in the middle of a request (<see cref="Request.Aborted"/>).</summary>
/// <remarks>
/// Nothing is watched until a handler asks for the token. Then, once the request's body is all read (at once, or when the
/// response starts streaming), a read on the connection waits beside the handler: the end of the client's input (or an
/// error on it) cancels the token, and so does a response write the client no longer takes. Bytes that arrive meanwhile
/// (a pipelined request) end the watch without firing, left unexamined for the next request: a client that sends more
/// has not gone, and looking past them would make the next head's read wait. The watch ends, and the token is dropped,
/// with the response, before the connection reads the next request head.
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
            var result = await _input.ReadAsync().ConfigureAwait(false);
            // Nothing consumed, nothing examined: the next read, the next request head's, must see at once what is buffered.
            _input.AdvanceTo(result.Buffer.Start);
            if (result.IsCanceled || !result.Buffer.IsEmpty || !result.IsCompleted)
            {
                // Stopped, or the next request came (pipelined): a client that sends more is still there, and its bytes
                // cannot be looked past without being marked examined; the watch ends without firing.
                return;
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException)
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
