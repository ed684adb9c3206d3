using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rekor.Server.Tests.Api;

/// <summary>One HTTP/1.1 exchange over a bare socket, for requests HttpClient refuses to send (bad framing, odd methods).</summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, string Head, string Body)
    {
        public string Header(string name) => Head.Split("\r\n").Skip(1)
            .Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault() ?? string.Empty;
    }

    /// <summary>Sends <paramref name="request"/> (then each of <paramref name="trickle"/> a second apart) and reads one answer.</summary>
    public static async Task<Answer> SendAsync(int port, byte[] request, IEnumerable<byte[]>? trickle = null, TimeSpan? timeout = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(request);
        foreach (var piece in trickle ?? [])
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            try
            {
                await socket.SendAsync(piece);
            }
            catch (SocketException)
            {
                break; // The server gave up on the body: its answer is waiting.
            }
        }

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var received = new List<byte>();
        var buffer = new byte[65536];
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, cancel.Token);
            }
            catch (SocketException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, read));
            if (Complete(received))
            {
                break;
            }
        }

        var text = Encoding.UTF8.GetString([.. received]);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, "no HTTP answer came back: " + text);
        var head = text[..split];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return new Answer(status, head, text[(split + 4)..]);
    }

    public static byte[] Request(string head, string body = "") => Encoding.UTF8.GetBytes(head.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n" + body);

    /// <summary>Whether the bytes hold a whole answer with a Content-Length body.</summary>
    private static bool Complete(List<byte> received)
    {
        var text = Encoding.UTF8.GetString([.. received]);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return false;
        }

        var lengthLine = text[..split].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return lengthLine is not null && Encoding.UTF8.GetByteCount(text[(split + 4)..]) >= int.Parse(lengthLine[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
