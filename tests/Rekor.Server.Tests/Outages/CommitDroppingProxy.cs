using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Rekor.Server.Tests.Outages;

/// <summary>
/// A TCP relay between the server and MySQL that, when armed, cuts the connection that sends the next COMMIT: either
/// after the database received it and answered, swallowing the answer (the commit happened, the client never hears:
/// its outcome is unknown to the client), or before relaying it (the database rolls the transaction back when the connection goes).
/// MySqlConnector commits with a COM_QUERY packet (command byte 0x03) whose text is "commit;".
/// </summary>
public sealed class CommitDroppingProxy : IAsyncDisposable
{
    private static readonly byte[] CommitText = Encoding.ASCII.GetBytes("COMMIT");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Task _accepting;
    private int _armed;
    private int _dropped;

    private CommitDroppingProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public enum Cut
    {
        None,

        /// <summary>The COMMIT reaches the database and its answer is swallowed; then both sides are closed.</summary>
        AfterCommitting,

        /// <summary>Both sides are closed instead of relaying the COMMIT: the database rolls back.</summary>
        BeforeCommitting,
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections were cut at a COMMIT.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public static CommitDroppingProxy Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    /// <summary>Cuts the next COMMIT, of whichever connection sends it, as <paramref name="cut"/> says; once.</summary>
    public void Arm(Cut cut) => Volatile.Write(ref _armed, (int)cut);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
                var swallowed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var muted = new StrongBox<bool>();
                var down = PumpDownAsync(server.GetStream(), client.GetStream(), muted, swallowed);
                var cut = await PumpUpAsync(client.GetStream(), server.GetStream(), muted);
                if (cut == Cut.AfterCommitting)
                {
                    // The database's answer to the COMMIT (so: the commit) is awaited before the client's side is cut, so
                    // that "committed" is a fact by the time the client learns its connection is gone.
                    await swallowed.Task.WaitAsync(TimeSpan.FromSeconds(10));
                }

                server.Client.Close();
                client.Client.Close();
                await down.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
            {
                // One side went away: so does the other (the using blocks close both).
            }
        }
    }

    /// <summary>Relays client to database until either side closes (None) or an armed COMMIT is cut (how it was).</summary>
    private async Task<Cut> PumpUpAsync(NetworkStream from, NetworkStream to, StrongBox<bool> muted)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stopping.Token);
            if (read == 0)
            {
                return Cut.None;
            }

            var chunk = buffer.AsMemory(0, read);
            if (Volatile.Read(ref _armed) != (int)Cut.None && IsCommit(chunk.Span))
            {
                var cut = (Cut)Interlocked.Exchange(ref _armed, (int)Cut.None);
                if (cut != Cut.None)
                {
                    Interlocked.Increment(ref _dropped);
                }

                if (cut == Cut.AfterCommitting)
                {
                    Volatile.Write(ref muted.Value, true);
                    await to.WriteAsync(chunk, _stopping.Token);
                }

                if (cut != Cut.None)
                {
                    return cut;
                }
            }

            await to.WriteAsync(chunk, _stopping.Token);
        }
    }

    /// <summary>Relays database to client; once muted, swallows what comes (the COMMIT's answer) and signals it came.</summary>
    private async Task PumpDownAsync(NetworkStream from, NetworkStream to, StrongBox<bool> muted, TaskCompletionSource swallowed)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stopping.Token);
            if (read == 0)
            {
                swallowed.TrySetResult();
                return;
            }

            if (Volatile.Read(ref muted.Value))
            {
                swallowed.TrySetResult();
                continue;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    /// <summary>Whether <paramref name="chunk"/> holds a COM_QUERY packet (header, then 0x03) whose text starts with COMMIT.</summary>
    private static bool IsCommit(ReadOnlySpan<byte> chunk)
    {
        for (var i = 4; i + CommitText.Length < chunk.Length; i++)
        {
            if (chunk[i] != 0x03)
            {
                continue;
            }

            var length = chunk[i - 4] | (chunk[i - 3] << 8) | (chunk[i - 2] << 16);
            var text = chunk.Slice(i + 1, CommitText.Length);
            if (length >= 1 + CommitText.Length && length <= 1 + CommitText.Length + 1 && Ascii.EqualsIgnoreCase(text, CommitText))
            {
                return true;
            }
        }

        return false;
    }
}
