using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Roll.Diagnostics;

namespace Roll.Server;

/// <summary>Binding and accepting: how the server gets its connections, and how it holds on when the system runs short.</summary>
public sealed partial class RollServer
{
    /// <summary>The first pause after accept fails for want of resources; it doubles on each failure up to <see cref="MaximumRetryDelay"/>.</summary>
    internal static readonly TimeSpan MinimumRetryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest pause between two tries of a failing accept: a freed descriptor is taken up within it.</summary>
    internal static readonly TimeSpan MaximumRetryDelay = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan s_warningInterval = TimeSpan.FromSeconds(1);

    // Built with the first server, not on the first failure: when accept fails for want of descriptors, a message
    // built then might have to load an assembly or open a file, and fail in turn.
    private static readonly Action<ILogger, string, int, double, Exception?> s_acceptFailing = LoggerMessage.Define<string, int, double>(
        LogLevel.Warning, new EventId(10, "AcceptFailing"),
        "Accepting connections fails: {Reason} ({Failures} times in the last second); retrying every {Delay} ms until it succeeds");

    private static readonly Action<ILogger, int, int, double, Exception?> s_descriptorLimitReached = LoggerMessage.Define<int, int, double>(
        LogLevel.Warning, new EventId(14, "DescriptorLimitReached"),
        "Accepting connections fails: the process has no descriptor left ({Failures} times in the last second); at most {Cap} "
        + "connections at once from now on, the others wait in the listen backlog; retrying every {Delay} ms. "
        + "Raise the limit (ulimit -n, LimitNOFILE=) or lower MaxConnections");

    private static readonly Action<ILogger, int, int, Exception?> s_capLowered = LoggerMessage.Define<int, int>(
        LogLevel.Warning, new EventId(15, "ConnectionCapLowered"),
        "MaxConnections is {Asked}, but the descriptor limit leaves room for {Cap}: no more connections than that at once, "
        + "the others wait in the listen backlog. Raise the limit (ulimit -n, LimitNOFILE=) for more");

    private static readonly Action<ILogger, int, Exception?> s_acceptingAgain = LoggerMessage.Define<int>(
        LogLevel.Information, new EventId(11, "AcceptingAgain"), "Accepting connections again after {Failures} failures");

    private static readonly Action<ILogger, string, Exception?> s_acceptAborted = LoggerMessage.Define<string>(
        LogLevel.Debug, new EventId(12, "AcceptAborted"), "A client left before its connection was accepted: {Reason}");

    private static readonly Action<ILogger, EndPoint?, Exception?> s_connectionFailed = LoggerMessage.Define<EndPoint?>(
        LogLevel.Error, new EventId(13, "ConnectionFailed"), "Connection from {RemoteEndPoint} failed");

    // Explicit, so the fields above are set when the first server is made (no beforefieldinit), not on first use.
    static RollServer()
    {
    }

    private int _failures;
    private int _failuresWarned;
    private long _lastWarning = long.MinValue;

    /// <summary>Lets a restarted server bind again at once despite connections in TIME_WAIT, and shares the port only when asked.</summary>
    /// <remarks>
    /// The runtime's <see cref="SocketOptionName.ReuseAddress"/> also sets SO_REUSEPORT on Unix, which lets a second
    /// process bind the same port and silently take half of the connections: the options are set one by one instead.
    /// On Windows SO_REUSEADDR would let another process take the port, and no option is needed for TIME_WAIT.
    /// </remarks>
    private static void AllowAddressReuse(Socket socket, bool reusePort)
    {
        if (OperatingSystem.IsWindows())
        {
            if (reusePort)
            {
                throw new PlatformNotSupportedException("Sharing a port between processes (ReusePort) needs Linux, macOS or FreeBSD.");
            }
            return;
        }
        // SOL_SOCKET, SO_REUSEADDR and SO_REUSEPORT from <sys/socket.h>: Linux's, then the BSDs' (macOS included).
        var (level, reuseAddress, reusePortName) = OperatingSystem.IsLinux() ? (1, 2, 15) : (0xffff, 0x4, 0x200);
        socket.SetRawSocketOption(level, reuseAddress, BitConverter.GetBytes(1));
        if (reusePort)
        {
            socket.SetRawSocketOption(level, reusePortName, BitConverter.GetBytes(1));
        }
    }

    private void Bind(Socket socket, EndPoint endPoint)
    {
        try
        {
            socket.Bind(endPoint);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            var address = endPoint is UnixDomainSocketEndPoint ? $"unix:{endPoint}" : endPoint.ToString();
            var reason = error.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? "the address is in use by another process or listener (sharing a port needs --reuse-port in each)"
                : error.Message;
            throw new IOException($"Cannot listen on {address}: {reason}.", error);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _listeners.Add(socket);
        _endPoints.Add(socket.LocalEndPoint!);
    }

    /// <summary>The most connections served at once: <see cref="ServerLimits.MaxConnections"/>, never more than the descriptor limit leaves room for.</summary>
    /// <remarks>
    /// Past the limit the runtime cannot start a thread and aborts the process (<c>Out of memory.</c>): no cap can be
    /// worth that, so one set higher is lowered, with a warning that says how to raise the limit instead.
    /// </remarks>
    private int? ConnectionCap()
    {
        var budget = DescriptorBudget.Connections();
        if (_app.Limits.MaxConnections is not { } asked)
        {
            return budget;
        }
        if (budget < asked)
        {
            s_capLowered(_app.Logger, asked, budget.Value, null);
            return budget;
        }
        return asked;
    }

    /// <summary>Accepts until the server stops: a failure pauses and retries, so only the listener's disposal ends the loop.</summary>
    /// <remarks>
    /// At <see cref="ServerLimits.MaxConnections"/> the loop stops accepting until a connection closes: new clients
    /// wait in the kernel's listen backlog, connected but unread, and are served in turn. When accept fails for want
    /// of resources (EMFILE, ENFILE, ENOBUFS, ENOMEM) the pending connection stays in the backlog, so retrying at once
    /// would fail again at once: the loop pauses, from 10 ms doubling to 500 ms, and warns at most once a second. On
    /// EMFILE and ENFILE the gate also gives its reserve of descriptors to the runtime and lowers the cap for good.
    /// </remarks>
    private async Task AcceptLoopAsync(Socket listener)
    {
        var delay = MinimumRetryDelay;
        while (await _gate.EnterAsync(_stopping.Token).ConfigureAwait(false))
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (_stopping.IsCancellationRequested
                && error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException error) when (error.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                _gate.Leave();
                s_acceptAborted(_app.Logger, error.Message, null);
                continue;
            }
            catch (SocketException error)
            {
                _gate.Leave();
                // EMFILE and ENFILE: the runtime gets the reserve, and the cap drops under what is open now.
                var cap = error.SocketErrorCode == SocketError.TooManyOpenSockets ? _gate.LimitReached() : (int?)null;
                ReportAcceptFailure(error, delay, cap);
                try
                {
                    await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = delay * 2 < MaximumRetryDelay ? delay * 2 : MaximumRetryDelay;
                continue;
            }
            if (delay != MinimumRetryDelay)
            {
                delay = MinimumRetryDelay;
                ReportAcceptRecovered();
            }
            var task = ServeAsync(socket);
            _running.TryAdd(task, 0);
            _ = task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
                _running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void ReportAcceptFailure(SocketException error, TimeSpan delay, int? cap)
    {
        var failures = Interlocked.Increment(ref _failures);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarning);
        if ((last != long.MinValue && now - last < (long)s_warningInterval.TotalMilliseconds)
            || Interlocked.CompareExchange(ref _lastWarning, now, last) != last)
        {
            return;
        }
        var recent = failures - Interlocked.Exchange(ref _failuresWarned, failures);
        try
        {
            // The reason's text, not the exception: formatting a stack trace reads symbol files.
            if (cap is { } newCap)
            {
                s_descriptorLimitReached(_app.Logger, recent, newCap, delay.TotalMilliseconds, null);
            }
            else
            {
                s_acceptFailing(_app.Logger, error.Message, recent, delay.TotalMilliseconds, null);
            }
        }
        catch (Exception logFailure) when (logFailure is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // A logger that cannot write now (no descriptor for its file) must not end the accept loop.
        }
    }

    private void ReportAcceptRecovered()
    {
        var failures = Interlocked.Exchange(ref _failures, 0);
        Interlocked.Exchange(ref _failuresWarned, 0);
        Interlocked.Exchange(ref _lastWarning, long.MinValue);
        try
        {
            s_acceptingAgain(_app.Logger, failures, null);
        }
        catch (Exception logFailure) when (logFailure is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await Task.Yield();
        var stream = new TimedNetworkStream(socket);
        try
        {
            if (socket.AddressFamily != AddressFamily.Unix)
            {
                socket.NoDelay = true;
            }
            var transport = new DuplexPipe(
                PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 8192, minimumReadSize: 2048, leaveOpen: true)),
                PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 8192, leaveOpen: true)));
            var protocol = _app.CreateProtocol(transport, socket.RemoteEndPoint);
            protocol.Sending = stream;
            await ServeAsync(socket, protocol).ConfigureAwait(false);
        }
        catch (SocketException error)
        {
            // The client reset the connection before it could be set up.
            s_acceptAborted(_app.Logger, error.Message, null);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            _gate.Leave();
        }
    }

    private async Task ServeAsync(Socket socket, HttpProtocol protocol)
    {
        _connections.TryAdd(protocol, socket);
        var family = socket.AddressFamily;
        var stamp = ServerTelemetry.ConnectionOpened(family);
        try
        {
            if (_stopping.IsCancellationRequested)
            {
                ServerTelemetry.ConnectionRejected(family);
                protocol.Stop();
            }
            await protocol.RunAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            s_connectionFailed(_app.Logger, protocol.RemoteEndPoint, error);
        }
        finally
        {
            _connections.TryRemove(protocol, out _);
            ServerTelemetry.ConnectionClosed(family, stamp);
        }
    }
}
