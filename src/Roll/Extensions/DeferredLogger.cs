using Microsoft.Extensions.Logging;

namespace Roll;

/// <summary>A logger whose factory is built off the startup path: by <see cref="Prepare"/> in the background once the server listens, or by the first message if that comes sooner.</summary>
/// <remarks>
/// Building the factory loads assemblies, and writing to stderr the first time duplicates its descriptor: neither may
/// be left to the first warning, which may come when the process has no descriptor left (accept failing with EMFILE).
/// A build that fails is not remembered: the next message tries again.
/// </remarks>
internal sealed class DeferredLogger(Func<ILoggerFactory> createFactory, string category, LogLevel minimum) : ILogger, IDisposable
{
    private readonly Lock _building = new();
    private ILoggerFactory? _factory;
    private volatile ILogger? _logger;
    private bool _disposed;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => Logger?.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Logger?.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    /// <summary>Builds the factory and opens stderr on the thread pool, so that no message has to.</summary>
    public void Prepare() => ThreadPool.QueueUserWorkItem(static logger =>
    {
        try
        {
            _ = logger.Logger;
            _ = Console.Error;
        }
        catch (IOException)
        {
            // Short of descriptors already: the first message tries again.
        }
    }, this, preferLocal: false);

    public void Dispose()
    {
        lock (_building)
        {
            _disposed = true;
            _factory?.Dispose();
        }
    }

    private ILogger? Logger
    {
        get
        {
            if (_logger is { } logger)
            {
                return logger;
            }
            lock (_building)
            {
                if (_logger is null && !_disposed)
                {
                    _factory = createFactory();
                    _logger = _factory.CreateLogger(category);
                }
                return _logger;
            }
        }
    }
}
