using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Roll.Server;

namespace Roll.Tests.Server;

/// <summary>A client speaking raw bytes to an app's engine over in-memory pipes: what it sends, what the engine writes back, and when the engine closes.</summary>
/// <remarks>Every wait has a deadline, so that an engine that hangs fails the test instead of hanging it.</remarks>
internal sealed class RawConnection : IAsyncDisposable
{
    /// <summary>How long any wait lasts before the test fails; generous, since a passing test never waits for it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Pipe _requests;
    private readonly Pipe _responses;
    private readonly Task _serving;
    private byte[] _received = new byte[4096];
    private int _start;
    private int _end;
    private bool _closed;

    /// <summary>Starts serving a connection of <paramref name="app"/>; <paramref name="requestPipe"/> tunes the client-to-server pipe (its backpressure thresholds, say).</summary>
    public RawConnection(RollApp app, PipeOptions? requestPipe = null)
    {
        _requests = new Pipe(requestPipe ?? new PipeOptions(useSynchronizationContext: false));
        _responses = new Pipe(new PipeOptions(useSynchronizationContext: false));
        Protocol = app.CreateProtocol(new DuplexPipe(_requests.Reader, _responses.Writer));
        _serving = Protocol.RunAsync();
    }

    public HttpProtocol Protocol { get; }

    /// <summary>Completes when the engine has closed the connection (<see cref="HttpProtocol.RunAsync"/> returned).</summary>
    public Task Served => _serving;

    /// <summary>The client's end of the request pipe, for tests that write to it themselves.</summary>
    public PipeWriter Output => _requests.Writer;

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>Sends bytes in one write.</summary>
    public async Task SendAsync(byte[] bytes)
    {
        await _requests.Writer.WriteAsync(bytes).AsTask().WaitAsync(Patience);
    }

    /// <summary>Sends bytes in several writes, cut at the given offsets.</summary>
    public async Task SendInPiecesAsync(byte[] bytes, params int[] cuts)
    {
        var from = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            await _requests.Writer.WriteAsync(bytes.AsMemory(from, cut - from)).AsTask().WaitAsync(Patience);
            from = cut;
        }
    }

    /// <summary>Sends bytes one write per byte.</summary>
    public async Task SendByteByByteAsync(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            await _requests.Writer.WriteAsync(bytes.AsMemory(i, 1)).AsTask().WaitAsync(Patience);
        }
    }

    /// <summary>Ends the client's sending half (a TCP half-close): the engine sees the end of its input.</summary>
    public async Task CloseSendingAsync()
    {
        await _requests.Writer.CompleteAsync();
    }

    /// <summary>Reads the next whole response; <paramref name="answersHead"/> says it answers a HEAD request.</summary>
    public async Task<RawResponse> ReadResponseAsync(bool answersHead = false)
    {
        while (true)
        {
            if (RawResponse.TryParse(_received.AsSpan(_start, _end - _start), answersHead, _closed, out var response, out var length))
            {
                _start += length;
                return response!;
            }
            if (_closed)
            {
                throw new InvalidDataException($"The engine closed the connection in the middle of a response, or before one: '{Pending}'");
            }
            await ReceiveAsync();
        }
    }

    /// <summary>Reads the next <paramref name="count"/> responses.</summary>
    public async Task<List<RawResponse>> ReadResponsesAsync(int count)
    {
        var responses = new List<RawResponse>();
        for (var i = 0; i < count; i++)
        {
            responses.Add(await ReadResponseAsync());
        }
        return responses;
    }

    /// <summary>Waits for what the engine writes next and returns it as text: one flush of the engine, or what several left together.</summary>
    public async Task<string> ReadOnceAsync()
    {
        await ReceiveAsync();
        var text = Pending;
        _start = _end;
        return text;
    }

    /// <summary>Waits for the engine to close the connection, and returns the responses it sent that were not read yet.</summary>
    public async Task<List<RawResponse>> ReadUntilClosedAsync()
    {
        while (!_closed)
        {
            await ReceiveAsync();
        }
        await _serving.WaitAsync(Patience);
        var responses = new List<RawResponse>();
        while (_start < _end)
        {
            responses.Add(await ReadResponseAsync());
        }
        return responses;
    }

    /// <summary>Waits for the engine to close the connection, having sent nothing more.</summary>
    public async Task AssertClosedAsync()
    {
        var rest = await ReadUntilClosedAsync();
        Assert.True(rest.Count == 0, $"Expected the connection closed without another answer, got:\n{string.Join("\n", rest)}");
    }

    /// <summary>The bytes received and not read yet, as text.</summary>
    public string Pending => Encoding.Latin1.GetString(_received, _start, _end - _start);

    public async ValueTask DisposeAsync()
    {
        await _requests.Writer.CompleteAsync();
        await _responses.Reader.CompleteAsync();
        await _serving.WaitAsync(Patience);
    }

    private async Task ReceiveAsync()
    {
        var result = await _responses.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var buffer = result.Buffer;
        if (_end + buffer.Length > _received.Length)
        {
            Array.Resize(ref _received, (int)Math.Max(_received.Length * 2, _end + buffer.Length));
        }
        buffer.CopyTo(_received.AsSpan(_end));
        _end += (int)buffer.Length;
        _responses.Reader.AdvanceTo(buffer.End);
        _closed = result.IsCompleted;
    }
}
