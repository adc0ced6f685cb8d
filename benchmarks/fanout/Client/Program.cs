using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

// A websocket fan-out load client for the WebSocket sample's chat: many clients spread over the given
// processes, one sender; prints deliveries per second and the delivery latency's p50 and p99.
//
//   dotnet run -c Release --project benchmarks/fanout/Client -- --urls ws://127.0.0.1:8001/chat,ws://127.0.0.1:8002/chat
//       [--clients 1000] [--messages 1000] [--window 10] [--warmup 100]
//
// The sender sends message i once message i - window has reached every other client, so the servers always
// have a few messages in flight and never an unbounded queue. The latency of a delivery is the time from the
// send to the receipt (one process, one clock).

var options = Options.Parse(args);
var receivers = options.Clients - 1;
var total = options.Warmup + options.Messages;
var delivered = new int[total];
var complete = Enumerable.Range(0, total).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
var latencies = new long[options.Messages * (long)receivers];
long recorded = 0;
long received = 0;

Console.Error.WriteLine($"connecting {options.Clients} clients over {options.Urls.Length} process(es)...");
var sockets = new ClientWebSocket[options.Clients];
using (var gate = new SemaphoreSlim(50))
{
    await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(options.Urls[i % options.Urls.Length]), CancellationToken.None);
            await ReceiveAsync(socket, new byte[4096]);
            sockets[i] = socket;
        }
        finally
        {
            gate.Release();
        }
    }));
}

using var stop = new CancellationTokenSource();
var readers = sockets.Skip(1).Select(socket => Task.Run(() => ReadAsync(socket, stop.Token))).ToArray();
var sender = sockets[0];
var clock = Stopwatch.StartNew();
var measuredFrom = TimeSpan.Zero;
for (var i = 0; i < total; i++)
{
    if (i == options.Warmup)
    {
        if (i > 0)
        {
            await complete[i - 1].Task;
        }
        measuredFrom = clock.Elapsed;
    }
    if (i >= options.Window)
    {
        await complete[i - options.Window].Task;
    }
    var text = $"{i} {Stopwatch.GetTimestamp()}";
    await sender.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
}
var all = Task.WhenAll(complete.Select(done => done.Task));
if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(20))) != all)
{
    Console.Error.WriteLine($"not every message arrived within 20 s: {Interlocked.Read(ref received)} of {total * (long)receivers} deliveries");
}
var elapsed = clock.Elapsed - measuredFrom;
stop.Cancel();
var measured = latencies.AsSpan(0, (int)Math.Min(Interlocked.Read(ref recorded), latencies.Length)).ToArray();
Array.Sort(measured);
double Percentile(double p) => measured.Length == 0 ? double.NaN
    : measured[Math.Min(measured.Length - 1, (int)(p * measured.Length))] * 1000.0 / Stopwatch.Frequency;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"processes {options.Urls.Length}  clients {options.Clients}  messages {options.Messages}  deliveries {measured.Length}  " +
    $"in {elapsed.TotalSeconds:F2} s  deliveries/s {measured.Length / elapsed.TotalSeconds:F0}  messages/s {options.Messages / elapsed.TotalSeconds:F0}  " +
    $"p50 {Percentile(0.50):F1} ms  p99 {Percentile(0.99):F1} ms"));
foreach (var socket in sockets)
{
    socket.Abort();
    socket.Dispose();
}

async Task ReadAsync(ClientWebSocket socket, CancellationToken token)
{
    var buffer = new byte[4096];
    try
    {
        while (!token.IsCancellationRequested)
        {
            var text = await ReceiveAsync(socket, buffer, token);
            var now = Stopwatch.GetTimestamp();
            // The chat sends "ID: TEXT"; the text is "SEQUENCE TIMESTAMP".
            var parts = text[(text.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(' ');
            var sequence = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var sent = long.Parse(parts[1], CultureInfo.InvariantCulture);
            Interlocked.Increment(ref received);
            if (sequence >= options.Warmup)
            {
                var slot = Interlocked.Increment(ref recorded) - 1;
                if (slot < latencies.Length)
                {
                    latencies[slot] = now - sent;
                }
            }
            if (Interlocked.Increment(ref delivered[sequence]) == receivers)
            {
                complete[sequence].TrySetResult();
            }
        }
    }
    catch (Exception error) when (error is OperationCanceledException or WebSocketException)
    {
    }
}

static async Task<string> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken token = default)
{
    var length = 0;
    while (true)
    {
        var result = await socket.ReceiveAsync(buffer.AsMemory(length), token);
        length += result.Count;
        if (result.EndOfMessage)
        {
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}

internal sealed record Options(string[] Urls, int Clients, int Messages, int Window, int Warmup)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        var urls = values.TryGetValue("urls", out var list) ? list.Split(',') : throw new ArgumentException("--urls ws://HOST:PORT/chat[,...] is needed");
        return new Options(urls, Number("clients", 1000), Number("messages", 1000), Number("window", 10), Number("warmup", 100));
    }
}
