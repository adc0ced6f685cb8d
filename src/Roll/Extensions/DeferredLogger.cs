using Microsoft.Extensions.Logging;

namespace Roll;

/// <summary>A logger whose factory is built on the first message, so a server that logs nothing until it stops starts without paying for it.</summary>
internal sealed class DeferredLogger(Func<ILoggerFactory> createFactory, string category, LogLevel minimum) : ILogger, IDisposable
{
    private readonly Lazy<ILoggerFactory> _factory = new(createFactory);
    private ILogger? _logger;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => Logger.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Logger.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    public void Dispose()
    {
        if (_factory.IsValueCreated)
        {
            _factory.Value.Dispose();
        }
    }

    private ILogger Logger => _logger ??= _factory.Value.CreateLogger(category);
}
