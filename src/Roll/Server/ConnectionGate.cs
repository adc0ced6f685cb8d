using Microsoft.Win32.SafeHandles;

namespace Roll.Server;

/// <summary>Lets a server's accept loops take a connection only while there is room: under the cap, and with descriptors kept in reserve.</summary>
/// <remarks>
/// <para>The cap starts at <see cref="ServerLimits.MaxConnections"/> (or its default) and only goes down: when accept
/// fails for want of descriptors, the cap drops to the connections open less <see cref="ReserveSize"/>, so the
/// process never meets its limit the same way twice.</para>
/// <para>On Unix the gate also holds <see cref="ReserveSize"/> descriptors (of <c>/dev/null</c>) from the start. At the
/// limit it lets them go: the runtime needs free descriptors to start a thread, and aborts the process when it
/// cannot. A server that kept accepting until the kernel refused would leave it none.</para>
/// </remarks>
internal sealed class ConnectionGate : IDisposable
{
    /// <summary>The descriptors held back for the runtime, and the margin kept under the limit once it was met.</summary>
    public const int ReserveSize = 16;

    private readonly Lock _lock = new();
    private readonly List<SafeFileHandle> _reserve = [];
    private int _open;
    private TaskCompletionSource? _roomMade;

    /// <summary>Creates a gate without a cap, taking its reserve of descriptors (count them before setting <see cref="Cap"/>).</summary>
    public ConnectionGate()
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                for (var i = 0; i < ReserveSize; i++)
                {
                    _reserve.Add(File.OpenHandle("/dev/null"));
                }
            }
            catch (IOException)
            {
                // Short of descriptors already: whatever was taken is the reserve.
            }
        }
    }

    /// <summary>The most connections let in at once; no cap by default.</summary>
    public int Cap { get; set; } = int.MaxValue;

    /// <summary>The connections let in and not yet left.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Waits for room for one more connection; false when cancelled.</summary>
    public async ValueTask<bool> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task roomMade;
            lock (_lock)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
                if (_open < Cap)
                {
                    _open++;
                    return true;
                }
                _roomMade ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                roomMade = _roomMade.Task;
            }
            try
            {
                await roomMade.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>Makes room: a connection left, or one entered but could not be accepted.</summary>
    public void Leave()
    {
        TaskCompletionSource? roomMade = null;
        lock (_lock)
        {
            _open--;
            if (_open < Cap)
            {
                (roomMade, _roomMade) = (_roomMade, null);
            }
        }
        roomMade?.TrySetResult();
    }

    /// <summary>The process met its descriptor limit: gives the reserve to the runtime and lowers the cap under what is open; returns the new cap.</summary>
    public int LimitReached()
    {
        lock (_lock)
        {
            foreach (var descriptor in _reserve)
            {
                descriptor.Dispose();
            }
            _reserve.Clear();
            Cap = Math.Min(Cap, Math.Max(_open - ReserveSize, DescriptorBudget.MinimumConnections));
            return Cap;
        }
    }

    /// <summary>Lets the reserve go.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _reserve.ForEach(descriptor => descriptor.Dispose());
            _reserve.Clear();
        }
    }
}
