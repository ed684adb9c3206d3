using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// A private redis-server (/usr/bin/redis-server) for one test class: loopback only, a free port, a random password,
/// no persistence, its log in a temporary directory. It can be stopped and started again on the same port (to test
/// reconnection); disposing kills it and removes the directory.
/// </summary>
internal sealed class ThrowawayRedis : IDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly TemporaryDirectory _directory = new();
    private Process? _process;

    public ThrowawayRedis()
    {
        Port = FreePort();
        Password = "pw-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        Start();
    }

    public int Port { get; }

    public string Password { get; }

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it accepts connections.</summary>
    public void Start()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("redis-server is already running");
        }

        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, WorkingDirectory = _directory.Path };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--save", "", "--appendonly", "no", "--requirepass", Password,
            "--dir", _directory.Path, "--logfile", _directory.File("redis.log"), "--daemonize", "no",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"couldn't start {Executable}");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Accepts())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = File.Exists(_directory.File("redis.log")) ? File.ReadAllText(_directory.File("redis.log")) : "(no log)";
                Stop();
                throw new InvalidOperationException($"redis-server on port {Port} did not come up: {log}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Kills the server (as a crash would) and waits until it is gone.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        _directory.Dispose();
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
