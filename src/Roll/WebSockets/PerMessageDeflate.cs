using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace Roll.WebSockets;

/// <summary>The server's side of permessage-deflate negotiation (RFC 7692 §7.1): the first offer it can accept, and the answer that says so.</summary>
/// <remarks>Compression itself is System.Net.WebSockets' (<see cref="WebSocketCreationOptions.DangerousDeflateOptions"/>).</remarks>
internal static class PerMessageDeflate
{
    /// <summary>The options of the first acceptable permessage-deflate offer, with the Sec-WebSocket-Extensions answer; null, and no answer, when none is.</summary>
    /// <param name="offers">The request's Sec-WebSocket-Extensions value, offers separated by commas (RFC 6455 §9.1).</param>
    /// <param name="answer">The response's Sec-WebSocket-Extensions value.</param>
    public static WebSocketDeflateOptions? Negotiate(string? offers, out string? answer)
    {
        answer = null;
        if (string.IsNullOrWhiteSpace(offers))
        {
            return null;
        }
        foreach (var offer in offers.Split(',', StringSplitOptions.TrimEntries))
        {
            var parts = offer.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0].Equals("permessage-deflate", StringComparison.OrdinalIgnoreCase)
                && TryAccept(parts.AsSpan(1), out var options, out answer))
            {
                return options;
            }
        }
        return null;
    }

    /// <summary>Accepts an offer's parameters, or declines the offer (an unknown, repeated or invalid parameter: §7.1).</summary>
    private static bool TryAccept(ReadOnlySpan<string> parameters, out WebSocketDeflateOptions options, out string? answer)
    {
        options = new WebSocketDeflateOptions();
        answer = null;
        var reply = new StringBuilder("permessage-deflate");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters)
        {
            var equals = parameter.IndexOf('=');
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim();
            var value = equals < 0 ? null : parameter[(equals + 1)..].Trim().Trim('"');
            if (!seen.Add(name))
            {
                return false;
            }
            switch (name.ToLowerInvariant())
            {
                case "server_no_context_takeover" when value is null:
                    // §7.1.1.1: the client asks the server to compress each message on its own.
                    options.ServerContextTakeover = false;
                    reply.Append("; server_no_context_takeover");
                    break;
                case "client_no_context_takeover" when value is null:
                    // §7.1.1.2: a hint only; an inflater that keeps its context reads messages compressed either way.
                    break;
                case "server_max_window_bits" when WindowBits(value) is { } bits:
                    // §7.1.2.1: the client limits the server's window. zlib cannot compress with 8 bits: decline then.
                    if (bits < 9)
                    {
                        return false;
                    }
                    options.ServerMaxWindowBits = bits;
                    reply.Append("; server_max_window_bits=").Append(bits);
                    break;
                case "client_max_window_bits" when value is null || WindowBits(value) is not null:
                    // §7.1.2.2: the client can limit its own window; the inflater's 15 bits read any smaller one, so no answer.
                    break;
                default:
                    return false;
            }
        }
        answer = reply.ToString();
        return true;
    }

    /// <summary>A window size in bits, 8 to 15 (§7.1.2), or null when the value is not one.</summary>
    private static int? WindowBits(string? value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits is >= 8 and <= 15 && value!.Length <= 2
            ? bits
            : null;
}
