using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rekor.Server.Tests.Services;

/// <summary>
/// Speaks just enough RESP over a raw socket to start and stop a Redis server: AUTH then one command, returning
/// the two reply lines. Independent of StackExchange.Redis, whose reconnect and backlog logic is what tests test.
/// </summary>
internal static class RespProbe
{
    /// <summary>True when the server at <paramref name="port"/> accepted the password and answered PONG.</summary>
    public static async Task<bool> PingAsync(int port, string password, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await SendAsync(port, password, "PING", cancellationToken);
            return reply.Contains("+OK\r\n+PONG\r\n", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Asks the server to exit without saving; it closes the connection as it goes.</summary>
    public static async Task ShutdownAsync(int port, string password)
    {
        try
        {
            await SendAsync(port, password, "SHUTDOWN NOSAVE", CancellationToken.None);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        catch (IOException)
        {
            // The server closed the connection while exiting.
        }
    }

    private static async Task<string> SendAsync(int port, string password, string command, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        var request = new StringBuilder();
        Append(request, ["AUTH", password]);
        Append(request, command.Split(' '));
        await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToString()), SocketFlags.None, timeout.Token);

        var reply = new StringBuilder();
        var buffer = new byte[1024];
        while (reply.ToString().Split("\r\n").Length < 3)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                break;
            }

            reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return reply.ToString();
    }

    private static void Append(StringBuilder request, string[] parts)
    {
        request.Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
    }
}
