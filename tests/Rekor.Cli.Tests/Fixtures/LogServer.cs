using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Rekor.Cli.Tests.Fixtures;

/// <summary>
/// The real Rekor server as a separate process (<c>dotnet Rekor.Server.dll</c>, embedded SQLite and a key generated in
/// its data directory) on free loopback ports. Can be stopped and started again on the same data, and its data copied
/// while stopped (a second log with the same key, tree ID and history: how the fork tests make a fork).
/// </summary>
public sealed class LogServer : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory;
    private Process? _process;

    public LogServer()
    {
        _dataDirectory = Path.Combine(_directory.Path, "data");
        Directory.CreateDirectory(_dataDirectory);
        Port = FreeTcpPort.Pick();
        MetricsPort = FreeTcpPort.Pick();
    }

    public int Port { get; }

    public int MetricsPort { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public string DataDirectory => _dataDirectory;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A new server on a copy of this one's data (this one must be stopped), not yet started.</summary>
    public LogServer CopyWhileStopped()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("stop the server before copying its data");
        }

        var copy = new LogServer();
        foreach (var file in Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy._dataDirectory, Path.GetRelativePath(_dataDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    public async Task InitializeAsync() => await StartAsync();

    public async Task StartAsync()
    {
        if (!File.Exists(RepositoryPaths.ServerDll))
        {
            throw new InvalidOperationException($"the server is not built: {RepositoryPaths.ServerDll} (dotnet build Rekor.Server -c {RepositoryPaths.Configuration})");
        }

        var start = new ProcessStartInfo("dotnet", [
            RepositoryPaths.ServerDll,
            "--data_directory", _dataDirectory,
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--metrics_port", MetricsPort.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process?.Dispose();
        _process = Process.Start(start) ?? throw new InvalidOperationException("couldn't start the server");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException("the server exited at start-up:\n" + Output);
            }

            try
            {
                if ((await client.GetAsync(new Uri(Url + "/ping"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not answer /ping within 60 s:\n" + Output);
    }

    /// <summary>Stops the server (SIGKILL: its store is durable before it acknowledges) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Dispose();
    }

    /// <summary>Kills the process if it still runs and removes the data.</summary>
    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
        _directory.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
