using Microsoft.Extensions.Logging;

namespace Roll.Fuzz;

/// <summary>A logger that remembers the first exception the engine logged: any exception it logs, but the one the app's /throw route asks for, escaped its normal paths.</summary>
internal sealed class ExceptionRecorder : ILogger
{
    /// <summary>What was logged with the first exception, or null.</summary>
    public string? First { get; private set; }

    public void Clear() => First = null;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null and not AskedFailure && First is null)
        {
            First = $"{logLevel}: {formatter(state, exception)}\n{exception}";
        }
    }
}
