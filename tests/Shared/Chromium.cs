using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Roll.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian's package) driven over the DevTools protocol, for tests that need a real browser:
/// open a page, evaluate script in it, collect its console errors, take a screenshot. One browser process per
/// instance, with its own throwaway profile; dispose it to stop the browser.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _calls = new();
    private readonly ConcurrentDictionary<string, ChromiumPage> _pages = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser's path, or null where none is installed.</summary>
    public static string? Program => Environment.GetEnvironmentVariable("ROLL_TEST_CHROMIUM") is { Length: > 0 } path
        ? path
        : Candidates.FirstOrDefault(File.Exists);

    /// <summary>Why a browser test cannot run here, or null when it can.</summary>
    public static string? MissingReason => Program is null
        ? "Chromium is not installed: apt-get install chromium (.ci/run does)"
        : null;

    /// <summary>Starts a headless browser and connects to it.</summary>
    public static async Task<Chromium> StartAsync(CancellationToken cancellationToken = default)
    {
        var program = Program ?? throw new InvalidOperationException(MissingReason);
        var profile = Directory.CreateTempSubdirectory("roll-chromium-").FullName;
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-dev-shm-usage",
            "--remote-debugging-port=0", $"--user-data-dir={profile}", "--window-size=1280,900", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var browser = new Chromium(process, profile);
        try
        {
            // The browser prints its DevTools address on stderr once it listens; everything else it prints there
            // (dbus complaints in a container) is noise.
            var endpoint = await ReadEndpointAsync(process, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            process.BeginOutputReadLine();
            await browser._socket.ConnectAsync(endpoint, cancellationToken);
            browser._receiving = browser.ReceiveAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private static async Task<Uri> ReadEndpointAsync(Process process, CancellationToken cancellationToken)
    {
        const string marker = "DevTools listening on ";
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var endpoint = new Uri(line[(at + marker.Length)..].Trim());
                _ = DrainAsync(process.StandardError);
                return endpoint;
            }
        }
        throw new InvalidOperationException($"Chromium exited (code {(process.HasExited ? process.ExitCode : -1)}) before listening");
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync() is not null)
            {
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Opens a new tab on <paramref name="url"/> and returns once its load event has fired.</summary>
    public async Task<ChromiumPage> OpenAsync(string url, CancellationToken cancellationToken = default)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, cancellationToken);
        var attached = await SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, cancellationToken);
        var page = new ChromiumPage(this, attached["sessionId"]!.GetValue<string>());
        _pages[page.SessionId] = page;
        await page.SendAsync("Page.enable", cancellationToken: cancellationToken);
        await page.SendAsync("Runtime.enable", cancellationToken: cancellationToken);
        await page.SendAsync("Log.enable", cancellationToken: cancellationToken);
        await page.NavigateAsync(url, cancellationToken);
        return page;
    }

    internal async Task<JsonObject> SendAsync(string method, JsonObject? parameters, string? sessionId, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var call = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = call;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
        using var registration = cancellationToken.Register(() => call.TrySetCanceled(cancellationToken));
        return await call.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var json = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!.AsObject();
                message.SetLength(0);
                Dispatch(json);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            foreach (var call in _calls.Values)
            {
                call.TrySetException(new InvalidOperationException("the browser connection closed"));
            }
        }
    }

    private void Dispatch(JsonObject json)
    {
        if (json["id"] is { } id)
        {
            if (_calls.TryRemove(id.GetValue<int>(), out var call))
            {
                if (json["error"] is { } error)
                {
                    call.TrySetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
                }
                else
                {
                    call.TrySetResult(json["result"]?.AsObject() ?? new JsonObject());
                }
            }
            return;
        }
        if (json["sessionId"]?.GetValue<string>() is { } session && _pages.TryGetValue(session, out var page))
        {
            page.OnEvent(json["method"]!.GetValue<string>(), json["params"]?.AsObject() ?? new JsonObject());
        }
    }

    /// <summary>Closes the connection, stops the browser and deletes its profile.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
        }
        await _receiving.ConfigureAwait(false);
        _socket.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One tab of a <see cref="Chromium"/> browser.</summary>
public sealed class ChromiumPage
{
    private readonly Chromium _browser;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _console = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ChromiumPage(Chromium browser, string sessionId)
    {
        _browser = browser;
        SessionId = sessionId;
    }

    internal string SessionId { get; }

    /// <summary>Console errors, uncaught exceptions and failed loads the page reported, in order.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    /// <summary>Every console message of the page, as "type: text", in order.</summary>
    public IReadOnlyList<string> Console => _console.ToArray();

    /// <summary>Sends a DevTools command to this page and returns its result.</summary>
    public Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, CancellationToken cancellationToken = default)
        => _browser.SendAsync(method, parameters, SessionId, cancellationToken);

    /// <summary>Loads <paramref name="url"/> and returns once the page's load event has fired.</summary>
    public async Task NavigateAsync(string url, CancellationToken cancellationToken = default)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, cancellationToken);
        if (result["errorText"]?.GetValue<string>() is { Length: > 0 } error)
        {
            throw new InvalidOperationException($"navigating to {url} failed: {error}");
        }
        await _loaded.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Evaluates a script expression in the page, awaiting it if it is a promise, and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["awaitPromise"] = true,
            ["returnByValue"] = true,
        }, cancellationToken);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"script failed: {exception["exception"]?["description"] ?? exception["text"]}");
        }
        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Waits until a script condition is true in the page (checked on each animation frame, in the page itself).</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var milliseconds = (int)timeout.TotalMilliseconds;
        var script = $$"""
            new Promise((resolve, reject) => {
              const started = performance.now();
              const check = () => {
                let ok = false;
                try { ok = !!({{condition}}); } catch (e) { }
                if (ok) { resolve(true); }
                else if (performance.now() - started > {{milliseconds}}) { reject(new Error('timed out waiting for: ' + {{System.Text.Json.JsonSerializer.Serialize(condition)}})); }
                else { setTimeout(check, 20); }
              };
              check();
            })
            """;
        await EvaluateAsync(script, cancellationToken);
    }

    /// <summary>A PNG screenshot of the page's viewport.</summary>
    public async Task<byte[]> ScreenshotAsync(CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken);
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    internal void OnEvent(string method, JsonObject parameters)
    {
        switch (method)
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.consoleAPICalled":
                var type = parameters["type"]?.GetValue<string>() ?? "log";
                var text = string.Join(' ', parameters["args"]?.AsArray().Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString()) ?? []);
                _console.Enqueue($"{type}: {text}");
                if (type is "error" or "assert")
                {
                    _errors.Enqueue($"console.{type}: {text}");
                }
                break;
            case "Runtime.exceptionThrown":
                var details = parameters["exceptionDetails"];
                _errors.Enqueue($"uncaught: {details?["exception"]?["description"] ?? details?["text"]}");
                break;
            case "Log.entryAdded":
                var entry = parameters["entry"];
                if (entry?["level"]?.GetValue<string>() == "error")
                {
                    _errors.Enqueue($"{entry["source"]}: {entry["text"]} {entry["url"]}".TrimEnd());
                }
                break;
        }
    }
}
