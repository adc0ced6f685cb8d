using System.Net.WebSockets;
using System.Security.Cryptography;
using Roll.WebSockets;

namespace Roll.Testing;

/// <summary>The client side of the websocket opening handshake (RFC 6455 §4.1) over a test connection, then a client websocket over the same pipes.</summary>
internal static class ClientHandshake
{
    /// <summary>Sends the handshake on a fresh connection, checks the 101, and hands the connection to a client websocket, which owns it from then on.</summary>
    public static async Task<WebSocket> ConnectAsync(ClientConnection connection, byte[] request, string key, string[] subprotocols, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await connection.Output.WriteAsync(request, cancel.Token).ConfigureAwait(false);
            var response = await ResponseParser.ReadAsync(connection.Input, isHead: false, cancel.Token).ConfigureAwait(false)
                ?? throw new IOException("The app closed the connection without answering the websocket handshake.");
            if (response.StatusCode != 101)
            {
                throw new WebSocketRefusedException(response.Status, response.Text);
            }
            if (response.Headers["Sec-WebSocket-Accept"] != WebSocketHandshake.Accept(key))
            {
                throw new WebSocketException(WebSocketError.HeaderError, "The app's Sec-WebSocket-Accept does not match the key sent.");
            }
            var subProtocol = response.Headers["Sec-WebSocket-Protocol"];
            if (subProtocol is not null && !subprotocols.Contains(subProtocol))
            {
                throw new WebSocketException(WebSocketError.UnsupportedProtocol, $"The app chose the subprotocol '{subProtocol}', which was not offered.");
            }
            var stream = new UpgradedStream(connection.Input, connection.Output, connection.Abort);
            return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, SubProtocol = subProtocol });
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            connection.Abort();
            throw new TimeoutException($"No answer to the websocket handshake within {timeout} (the client's Timeout).");
        }
        catch
        {
            connection.Abort();
            throw;
        }
    }

    /// <summary>A fresh Sec-WebSocket-Key: 16 random bytes in base64 (§4.1).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The headers of a handshake request, to which the caller's own are added (and win).</summary>
    public static Dictionary<string, string> Headers(string key, string[] subprotocols, IReadOnlyDictionary<string, string>? headers)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Upgrade"] = "websocket",
            ["Connection"] = "Upgrade",
            ["Sec-WebSocket-Key"] = key,
            ["Sec-WebSocket-Version"] = "13",
        };
        if (subprotocols.Length > 0)
        {
            all["Sec-WebSocket-Protocol"] = string.Join(", ", subprotocols);
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }
        return all;
    }
}
