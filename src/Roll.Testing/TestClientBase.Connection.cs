namespace Roll.Testing;

/// <summary>How a test client uses its connection: one request at a time, kept alive, replaced when the server closes it.</summary>
public abstract partial class TestClientBase
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private ClientConnection? _connection;
    private bool _disposed;

    /// <summary>The Host header sent unless a request gives its own.</summary>
    private protected abstract string Host { get; }

    /// <summary>Ends the connection and everything the client started; the connection first, so that the server sees it go.</summary>
    public async ValueTask DisposeAsync()
    {
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            await CloseConnectionAsync().ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
        await DisposeCoreAsync().ConfigureAwait(false);
    }

    /// <summary>Opens a new connection to the app.</summary>
    private protected abstract ValueTask<ClientConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Ends what the client itself started (a server, the app's lifetime), once its connection is closed.</summary>
    private protected abstract ValueTask DisposeCoreAsync();

    /// <summary>Sends one request and reads its response, on the kept-alive connection or a new one.</summary>
    private async Task<TestResponse> ExchangeAsync(byte[] request, bool isHead)
    {
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var attempt = 0; ; attempt++)
            {
                using var timeout = new CancellationTokenSource(Timeout);
                var connection = _connection ??= await OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
                // A kept-alive connection may have been closed by the server in the meantime: then, and only then,
                // the request is sent again on a new connection, as HTTP clients do (RFC 9112 §9.3.1).
                var retry = connection.Served > 0 && attempt == 0;
                TestResponse? response;
                try
                {
                    response = await ExchangeOnceAsync(connection, request, isHead, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    AbortConnection();
                    throw new TimeoutException($"No response from the app within {Timeout} (the client's Timeout).");
                }
                catch (IOException) when (retry)
                {
                    AbortConnection();
                    continue;
                }
                catch
                {
                    AbortConnection();
                    throw;
                }
                if (response is null)
                {
                    await CloseConnectionAsync().ConfigureAwait(false);
                    if (retry)
                    {
                        continue;
                    }
                    throw new IOException("The app closed the connection without answering the request.");
                }
                connection.Served++;
                if (response.ClosesConnection)
                {
                    await CloseConnectionAsync().ConfigureAwait(false);
                }
                return response;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private static async Task<TestResponse?> ExchangeOnceAsync(ClientConnection connection, byte[] request, bool isHead,
        CancellationToken cancellationToken)
    {
        // Written while the response is read: a server may answer (and fill its output) before it has read a large body.
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var write = connection.Output.WriteAsync(request, writing.Token).AsTask();
        TestResponse? response = null;
        try
        {
            response = await ResponseParser.ReadAsync(connection.Input, isHead, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (response is null)
            {
                await writing.CancelAsync().ConfigureAwait(false);
            }
            try
            {
                await write.ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or OperationCanceledException)
            {
                // The server answered without reading the whole request (a 413, say), or the exchange failed anyway.
            }
        }
        return response;
    }

    /// <summary>Sends bytes, half-closes, and collects everything the server writes until it ends the connection.</summary>
    private async Task<byte[]> ExchangeAllAsync(byte[] request)
    {
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var timeout = new CancellationTokenSource(Timeout);
            var connection = _connection ?? await OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            _connection = null;
            try
            {
                var read = ResponseParser.ReadToEndAsync(connection.Input, timeout.Token);
                try
                {
                    await connection.Output.WriteAsync(request, timeout.Token).ConfigureAwait(false);
                    await connection.CompleteOutputAsync().ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The server closed before reading everything (after a 400, say): what it wrote is still to be read.
                }
                var bytes = await read.ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
                return bytes;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                connection.Abort();
                throw new TimeoutException($"The app did not end the connection within {Timeout} (the client's Timeout).");
            }
            catch
            {
                connection.Abort();
                throw;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async ValueTask CloseConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void AbortConnection()
    {
        _connection?.Abort();
        _connection = null;
    }
}
