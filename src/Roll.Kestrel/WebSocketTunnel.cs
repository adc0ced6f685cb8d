using System.IO.Pipelines;

namespace Roll.Kestrel;

/// <summary>Carries an upgraded connection's bytes both ways between Kestrel's stream and Roll's engine, which speaks the websocket itself.</summary>
internal static class WebSocketTunnel
{
    private const int ReadSize = 4096;

    /// <summary>Pumps both ways until either side ends; then ends the other.</summary>
    public static async Task RunAsync(Stream client, PipeWriter toRoll, PipeReader fromRoll)
    {
        await using (client.ConfigureAwait(false))
        {
            using var stop = new CancellationTokenSource();
            var up = ClientToRollAsync(client, toRoll, stop.Token);
            var down = RollToClientAsync(fromRoll, client, stop.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
    }

    private static async Task ClientToRollAsync(Stream client, PipeWriter toRoll, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                var read = await client.ReadAsync(toRoll.GetMemory(ReadSize), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                toRoll.Advance(read);
                if ((await toRoll.FlushAsync(cancellationToken).ConfigureAwait(false)).IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or Roll ended first: Roll's websocket sees the end of its input either way.
            failure = error is OperationCanceledException ? null : error;
        }
        await toRoll.CompleteAsync(failure).ConfigureAwait(false);
    }

    private static async Task RollToClientAsync(PipeReader fromRoll, Stream client, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await fromRoll.ReadAsync(cancellationToken).ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    await client.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }
                fromRoll.AdvanceTo(result.Buffer.End);
                await client.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away while Roll was writing: Roll learns it from its input, which ends too.
        }
    }
}
