using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Roll.WebSockets;
using StackExchange.Redis;

namespace Roll.Redis;

/// <summary>A websockets backplane on Redis pub/sub: every process of the app publishes its broadcasts on one channel and passes the others' to its own sockets.</summary>
/// <remarks>
/// <para>
/// States, owned here: <em>stopped</em> until the app's startup event; then <em>connecting</em> (Redis not reached
/// yet: one warning, local delivery only, StackExchange.Redis retrying in the background every second) or
/// <em>subscribed</em>; a lost connection makes it <em>down</em> (local delivery goes on, cross-process messages are
/// dropped and counted in <see cref="Dropped"/>, never queued) until the client reconnects and restores the
/// subscription, back to <em>subscribed</em>; the shutdown event unsubscribes and closes: <em>stopped</em>.
/// </para>
/// <para>
/// A message on the channel is one byte of type (1 text, 2 binary), this process's 16-byte <see cref="Origin"/>,
/// then the payload. A process skips the messages of its own origin: it delivered them itself, so every socket gets
/// each broadcast exactly once.
/// </para>
/// </remarks>
public sealed partial class RedisBackplane : IWebSocketsBackplane, IAsyncDisposable
{
    private const int HeaderLength = 17;
    private readonly ConfigurationOptions _options;
    private readonly byte[] _origin;
    private RollApp? _app;
    private WebSocketsStore? _store;
    private ConnectionMultiplexer? _connection;
    private ChannelMessageQueue? _queue;
    private CancellationTokenSource? _stopping;
    private Task _subscribing = Task.CompletedTask;
    private long _published;
    private long _received;
    private long _dropped;
    private long _droppedWhenLost;
    private int _down;

    /// <summary>Makes a backplane for the Redis at <paramref name="configuration"/> (<c>HOST:PORT</c>, or any StackExchange.Redis configuration string), on the channel <c>{channelPrefix}websockets</c>.</summary>
    /// <remarks>The client never aborts on a failed connect, waits at most 2 s for one, reconnects every second, and fails commands at once while disconnected rather than queue them.</remarks>
    public RedisBackplane(string configuration, string channelPrefix = "roll:")
        : this(Configure(ConfigurationOptions.Parse(configuration ?? throw new ArgumentNullException(nameof(configuration)))), channelPrefix)
    {
    }

    /// <summary>Makes a backplane with StackExchange.Redis options used as given, on the channel <c>{channelPrefix}websockets</c>.</summary>
    public RedisBackplane(ConfigurationOptions options, string channelPrefix = "roll:")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channelPrefix);
        _options = options;
        Channel = channelPrefix + "websockets";
        _origin = Guid.NewGuid().ToByteArray();
        Origin = new Guid(_origin);
    }

    /// <summary>The Redis channel the app's processes share.</summary>
    public string Channel { get; }

    /// <summary>This process's id on the channel, carried by each message it publishes so that it can skip its own.</summary>
    public Guid Origin { get; }

    /// <summary>Whether Redis is reached now, so that broadcasts cross to the other processes.</summary>
    public bool IsConnected => _connection?.IsConnected == true && Volatile.Read(ref _down) == 0 && _queue is not null;

    /// <summary>How many broadcasts of this process were handed to Redis.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>How many broadcasts of other processes came from Redis and were passed to this process's sockets.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>How many broadcasts of this process could not cross to the others (Redis away) and were dropped; they reached this process's sockets.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Connects to Redis and subscribes; when Redis is away, logs one warning and returns, and subscribes once it is reached.</summary>
    public async Task StartAsync(RollApp app, WebSocketsStore store)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(store);
        if (_connection is not null)
        {
            throw new InvalidOperationException("This backplane has started already.");
        }
        _app = app;
        _store = store;
        _stopping = new CancellationTokenSource();
        _connection = await ConnectionMultiplexer.ConnectAsync(_options).ConfigureAwait(false);
        _connection.ConnectionFailed += OnConnectionFailed;
        _connection.ConnectionRestored += OnConnectionRestored;
        if (_connection.IsConnected && await TrySubscribeAsync().ConfigureAwait(false))
        {
            return;
        }
        Volatile.Write(ref _down, 1);
        LogUnreachable(app.Logger, Describe(), Channel);
        _subscribing = SubscribeWhenReachedAsync(_stopping.Token);
    }

    /// <summary>Publishes a broadcast of this process for the others, without waiting; while Redis is away, counts it in <see cref="Dropped"/> instead.</summary>
    public void Publish(WebSocketMessage message)
    {
        var connection = _connection;
        if (connection is null || !IsConnected)
        {
            Drop();
            return;
        }
        var payload = new byte[HeaderLength + message.Data.Length];
        payload[0] = message.Type == WebSocketMessageType.Text ? (byte)1 : (byte)2;
        _origin.CopyTo(payload, 1);
        message.Data.Span.CopyTo(payload.AsSpan(HeaderLength));
        try
        {
            connection.GetSubscriber().Publish(RedisChannel.Literal(Channel), payload, CommandFlags.FireAndForget);
            Interlocked.Increment(ref _published);
        }
        catch (Exception error) when (error is RedisException or ObjectDisposedException)
        {
            Drop();
        }
    }

    /// <summary>Unsubscribes and closes the connection to Redis.</summary>
    public async Task StopAsync()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is null)
        {
            return;
        }
        _stopping?.Cancel();
        await _subscribing.ConfigureAwait(false);
        connection.ConnectionFailed -= OnConnectionFailed;
        connection.ConnectionRestored -= OnConnectionRestored;
        if (Interlocked.Exchange(ref _queue, null) is { } queue)
        {
            try
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Redis is away: the subscription ends with the connection anyway.
            }
        }
        await connection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
        _stopping?.Dispose();
    }

    /// <summary>Stops the backplane, as the app's shutdown event does.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static ConfigurationOptions Configure(ConfigurationOptions options)
    {
        // Start without Redis, retry every second (not backing off to tens of seconds), and never let commands pile
        // up in the client while disconnected: a broadcast that cannot cross is dropped, not kept.
        options.AbortOnConnectFail = false;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // One try of at most 2 s at startup: an app whose Redis is away starts without it, and subscribes later.
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ConnectRetry = 1;
        options.ClientName ??= "roll";
        return options;
    }

    private async Task<bool> TrySubscribeAsync()
    {
        try
        {
            var queue = await _connection!.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Channel)).ConfigureAwait(false);
            queue.OnMessage(DeliverAsync);
            _queue = queue;
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private async Task SubscribeWhenReachedAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                // The client reconnects by itself (every second); this only waits for it to subscribe once.
                await Task.Delay(TimeSpan.FromMilliseconds(250), stopping).ConfigureAwait(false);
                if (_connection is { IsConnected: true } && await TrySubscribeAsync().ConfigureAwait(false))
                {
                    Volatile.Write(ref _down, 0);
                    LogConnected(_app!.Logger, Describe(), Channel);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DeliverAsync(ChannelMessage message)
    {
        ReadOnlyMemory<byte> payload = message.Message;
        if (payload.Length < HeaderLength || payload.Span[1..HeaderLength].SequenceEqual(_origin))
        {
            return;
        }
        var type = payload.Span[0] == 1 ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        Interlocked.Increment(ref _received);
        try
        {
            await _store!.BroadcastLocallyAsync(new WebSocketMessage(type, payload[HeaderLength..])).ConfigureAwait(false);
        }
        catch (Exception error) when (error is InvalidOperationException or IOException or ObjectDisposedException or WebSocketException)
        {
            // One socket's failure must not end the subscription's loop, which serves every later message.
            LogDeliveryFailed(_app!.Logger, error);
        }
    }

    private void Drop()
    {
        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _droppedWhenLost);
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // Both the command and the subscription connections report: one warning per outage.
        if (_queue is not null && Interlocked.Exchange(ref _down, 1) == 0)
        {
            Interlocked.Exchange(ref _droppedWhenLost, 0);
            LogLost(_app!.Logger, Describe(), e.FailureType.ToString());
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (_queue is not null && e.ConnectionType == ConnectionType.Subscription && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogRestored(_app!.Logger, Describe(), Interlocked.Read(ref _droppedWhenLost), Dropped);
        }
    }

    private string Describe() => string.Join(",", _options.EndPoints.Select(endPoint => endPoint.ToString()));

    [LoggerMessage(EventId = 44, EventName = "RedisDeliveryFailed", Level = LogLevel.Warning,
        Message = "A websocket broadcast from another process could not be delivered here")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 40, EventName = "RedisUnreachable", Level = LogLevel.Warning,
        Message = "Redis at {Redis} is not reachable: websocket broadcasts stay in this process until it is; retrying in the background to subscribe to {Channel}")]
    private static partial void LogUnreachable(ILogger logger, string redis, string channel);

    [LoggerMessage(EventId = 41, EventName = "RedisConnected", Level = LogLevel.Information,
        Message = "Redis at {Redis} reached: websocket broadcasts cross processes on {Channel}")]
    private static partial void LogConnected(ILogger logger, string redis, string channel);

    [LoggerMessage(EventId = 42, EventName = "RedisLost", Level = LogLevel.Warning,
        Message = "Lost Redis at {Redis} ({Failure}): websocket broadcasts stay in this process and are dropped for the others until it is back")]
    private static partial void LogLost(ILogger logger, string redis, string failure);

    [LoggerMessage(EventId = 43, EventName = "RedisRestored", Level = LogLevel.Information,
        Message = "Redis at {Redis} is back: websocket broadcasts cross processes again; {Dropped} dropped meanwhile, {Total} in all")]
    private static partial void LogRestored(ILogger logger, string redis, long dropped, long total);
}
