using System.Net.Sockets;
using System.Text;

namespace Roll;

/// <summary>Tells systemd how a <c>Type=notify</c> service is doing, over the datagram socket systemd names in <c>NOTIFY_SOCKET</c>.</summary>
/// <remarks>The protocol is sd_notify(3): one datagram of <c>KEY=value</c> lines. Outside systemd there is no socket and nothing is sent.</remarks>
public static class Systemd
{
    /// <summary>Whether the process was started by systemd with a notification socket.</summary>
    public static bool IsNotifying => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    /// <summary>Sends a state such as <c>READY=1</c> or <c>STOPPING=1</c>; false when there is no socket to send it to or sending failed.</summary>
    public static bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }
        if (path[0] == '@')
        {
            // An abstract socket: its name starts with a NUL byte, which environment variables cannot hold.
            path = "\0" + path[1..];
        }
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
