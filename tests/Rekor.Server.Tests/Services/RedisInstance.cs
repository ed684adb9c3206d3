using System.Diagnostics;
using System.Security.Cryptography;

namespace Rekor.Server.Tests.Services;

/// <summary>
/// A throwaway Redis server (Debian's redis-server) run in the foreground as a child process on 127.0.0.1 at a free
/// port, with a random password and no persistence (nothing is saved: a restart starts empty). Stop and start again
/// keep the port and password, so clients configured once reconnect to the restarted server. Disposing stops it and
/// deletes its directory.
/// </summary>
public sealed class RedisInstance : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private ServiceProcess? _process;

    private RedisInstance(string directory, int port, string password)
    {
        _directory = directory;
        Port = port;
        Password = password;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    public string Password { get; }

    /// <summary>"127.0.0.1:port", as StackExchange.Redis takes an endpoint.</summary>
    public string EndPoint => $"127.0.0.1:{Port}";

    /// <summary>Starts a server, returning once it answers PING with the password. A missing binary throws naming the Debian package.</summary>
    public static async Task<RedisInstance> StartAsync(CancellationToken cancellationToken = default)
    {
        ServiceBinary.Find("redis-server", "redis-server");
        var directory = Path.Combine(Path.GetTempPath(), "rekor-redis-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(directory);
        var instance = new RedisInstance(directory, FreeTcpPort.Pick(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        try
        {
            await instance.StartAgainAsync(cancellationToken);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again on the same port with the same password (empty: nothing was saved). A running server throws.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is already running");
        }

        Release();
        _process = ServiceProcess.Start(ServiceBinary.Find("redis-server", "redis-server"),
        [
            "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--save", "", "--appendonly", "no", "--dir", _directory, "--requirepass", Password, "--daemonize", "no",
        ]);
        var clock = Stopwatch.StartNew();
        while (!await RespProbe.PingAsync(Port, Password, cancellationToken))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited while starting:\n{_process.Tail()}");
            }

            if (clock.Elapsed >= StartTimeout)
            {
                await _process.KillAsync();
                throw new InvalidOperationException($"redis-server did not answer PING within {StartTimeout}:\n{_process.Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>Clean shutdown (SHUTDOWN NOSAVE), waiting for the process to exit; afterwards the port refuses connections.</summary>
    public async Task StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("redis-server is not running");
        if (!process.HasExited)
        {
            await RespProbe.ShutdownAsync(Port, Password);
            if (!await process.WaitForExitAsync(StopTimeout))
            {
                await process.KillAsync();
                throw new InvalidOperationException($"redis-server did not shut down within {StopTimeout} and was killed:\n{process.Tail()}");
            }
        }

        Release();
    }

    /// <summary>SIGKILL, as in a crash.</summary>
    public async Task KillAsync()
    {
        await (_process ?? throw new InvalidOperationException("redis-server is not running")).KillAsync();
        Release();
    }

    /// <summary>Stops the server (killing it if the clean shutdown fails) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Killed already; the directory goes regardless.
            }
        }

        Release();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held for a moment; the OS temp cleaner takes the rest.
        }
    }

    private void Release()
    {
        _process?.Dispose();
        _process = null;
    }
}
