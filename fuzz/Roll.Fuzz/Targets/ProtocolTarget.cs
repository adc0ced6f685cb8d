using System.Buffers;
using System.IO.Pipelines;
using Roll.Server;

namespace Roll.Fuzz;

/// <summary>Fuzzes the whole HTTP/1.1 engine: a client sends the input over in-memory pipes, in the writes the input chooses, then ends its half; the answers are checked.</summary>
/// <remarks>
/// What must hold: no exception escapes the engine (its task, or its log); the protocol finishes once the client
/// has ended (within <c>patience</c>; the fuzzer's own timeout when infinite); every answer is valid HTTP/1.1
/// (<see cref="ResponseChecker"/>). The pipes run their continuations inline, so that one input runs on one
/// thread, the same way each time; the app and the pipes are reused from one input to the next.
/// </remarks>
internal sealed class ProtocolTarget
{
    private static readonly PipeOptions s_pipeOptions = new(
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        useSynchronizationContext: false);

    private readonly List<string> _methods = [];
    private readonly List<Range> _segments = [];
    private readonly ExceptionRecorder _log = new();
    private readonly FuzzApp _app;
    private Pipe _requests = new(s_pipeOptions);
    private Pipe _responses = new(s_pipeOptions);
    private readonly TimeSpan _patience;
    private byte[] _output = new byte[16 * 1024];
    private int _lastLength;

    /// <summary>Creates the target; <paramref name="patience"/> bounds how long the engine may take to finish once the client has ended.</summary>
    public ProtocolTarget(TimeSpan patience)
    {
        _patience = patience;
        _app = new FuzzApp(_methods, _log);
    }

    /// <summary>Runs one input (see <see cref="FuzzInput"/>); throws <see cref="FuzzFinding"/> when an invariant breaks.</summary>
    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            Serve(input);
        }
        catch (FuzzFinding)
        {
            // The pipes may be left mid-use: the next input gets new ones.
            _requests = new Pipe(s_pipeOptions);
            _responses = new Pipe(s_pipeOptions);
            throw;
        }
    }

    private void Serve(ReadOnlySpan<byte> input)
    {
        var bytes = FuzzInput.Split(input, _segments);
        _methods.Clear();
        _log.Clear();
        var serving = _app.CreateProtocol(new DuplexPipe(_requests.Reader, _responses.Writer)).RunAsync();
        foreach (var segment in _segments)
        {
            if (serving.IsCompleted)
            {
                break;
            }
            _requests.Writer.Write(bytes[segment]);
            var flush = _requests.Writer.FlushAsync();
            if (!flush.IsCompleted)
            {
                flush.AsTask().GetAwaiter().GetResult();
            }
        }
        var closedFirst = serving.IsCompleted;
        _requests.Writer.Complete();
        if (!Finishes(serving))
        {
            throw new FuzzFinding($"The engine had not finished {_patience.TotalSeconds} s after the client ended its half of the connection");
        }
        if (serving.Exception is { } exception)
        {
            throw new FuzzFinding("An exception escaped the engine: " + exception.InnerException, exception.InnerException);
        }
        var length = _lastLength = TakeOutput();
        if (_log.First is { } logged)
        {
            throw new FuzzFinding($"The engine logged an exception: {logged}\nOutput:\n{ResponseChecker.Render(_output.AsSpan(0, length))}");
        }
        ResponseChecker.Check(_output.AsSpan(0, length), _methods, closedFirst);
    }

    /// <summary>Runs one input and returns what the engine wrote, for a person to read.</summary>
    public byte[] Answer(ReadOnlySpan<byte> input)
    {
        try
        {
            Run(input);
        }
        catch (FuzzFinding finding)
        {
            Console.Error.WriteLine(finding.Message);
        }
        return _output.AsSpan(0, _lastLength).ToArray();
    }

    private bool Finishes(Task serving)
    {
        try
        {
            return serving.Wait(_patience);
        }
        catch (AggregateException)
        {
            return true;
        }
    }

    /// <summary>Copies what the engine wrote, then readies both pipes for the next input.</summary>
    private int TakeOutput()
    {
        if (!_responses.Reader.TryRead(out var result) || !result.IsCompleted)
        {
            throw new FuzzFinding("The engine finished without completing its output");
        }
        var buffer = result.Buffer;
        // Measured before the pipe takes its segments back: a sequence of several segments reads its length from them.
        var length = (int)buffer.Length;
        if (_output.Length < length)
        {
            _output = new byte[Math.Max(length, _output.Length * 2)];
        }
        buffer.CopyTo(_output);
        _responses.Reader.AdvanceTo(buffer.End);
        _responses.Reader.Complete();
        _requests.Reset();
        _responses.Reset();
        return length;
    }
}
