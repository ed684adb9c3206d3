using System.Diagnostics;
using System.Net;
using System.Text;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The real server as a separate process (the same binary the README starts, or in chart mode the image's published
/// one under the chart's arguments: <see cref="ServerCommand"/>) on free loopback ports with a fresh data directory.
/// Shared by the tests of one class; stopped and removed afterwards.
/// </summary>
public class RunningServer : IAsyncLifetime, IDisposable
{
    private string[] _extraArguments;
    private readonly bool _testBackend;
    private readonly Chart.ChartMounts? _chartMounts;
    private readonly TemporaryDirectory _directory = new();
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string[] _keyFileArguments = [];

    public RunningServer()
        : this([])
    {
    }

    protected RunningServer(string[] extraArguments)
        : this(extraArguments, testBackend: true)
    {
    }

    /// <summary>
    /// A server with <paramref name="extraArguments"/>; without <paramref name="testBackend"/> it does not get
    /// <see cref="Services.TestBackend.ServerArguments"/> (for servers that name their own store).
    /// </summary>
    protected RunningServer(string[] extraArguments, bool testBackend)
        : this(extraArguments, testBackend, Services.TestServerMode.IsChart)
    {
    }

    /// <summary>
    /// As above; with <paramref name="chartArguments"/> the chart's default argument list comes first (in chart mode
    /// every server has it, see <see cref="Services.TestServerMode"/>).
    /// </summary>
    protected RunningServer(string[] extraArguments, bool testBackend, bool chartArguments)
    {
        _extraArguments = extraArguments;
        _testBackend = testBackend;
        _chartMounts = chartArguments ? new Chart.ChartMounts() : null;
    }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Environment variables the server process gets beyond the test process's own (e.g. a KMS's address).</summary>
    protected Dictionary<string, string> ExtraEnvironment { get; } = [];

    public Uri BaseAddress { get; private set; } = null!;

    public int MetricsPort { get; private set; }

    public string DataDirectory => _directory.Path;

    /// <summary>The API port.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>The server's resident memory now, in bytes (Linux: VmRSS of the process).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process!.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS line for the server process");
    }

    /// <summary>The server process's command line as the kernel has it (Linux: /proc/PID/cmdline), program first.</summary>
    public IReadOnlyList<string> CommandLine() =>
        File.ReadAllText($"/proc/{_process!.Id}/cmdline").TrimEnd('\0').Split('\0');

    /// <summary>Whether the server process is still running (it never exits on its own while a test uses it).</summary>
    public bool IsRunning => _process is { HasExited: false };

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

    /// <summary>
    /// The signing key file this server's test relies on (generated in the data directory when no signer is named);
    /// null when any signer will do. Under the chart's arguments, which name the <c>memory</c> signer, such a server
    /// gets that key file made beforehand instead (<see cref="Chart.ChartKeyFile"/>).
    /// </summary>
    protected virtual Chart.OwnKeyFile? OwnKeyFile => null;

    public async Task InitializeAsync()
    {
        if (_chartMounts is not null && OwnKeyFile is { } key)
        {
            _keyFileArguments = await Chart.ChartKeyFile.ArgumentsAsync(_directory.Path, key);
        }

        MetricsPort = Services.FreeTcpPort.Pick();
        BaseAddress = new Uri($"http://127.0.0.1:{Services.FreeTcpPort.Pick()}");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await StartAsync();
    }

    /// <summary>
    /// Runs an operator command of the same binary (<c>reindex</c>, <c>rotate</c>) against this server's store: with
    /// its data directory, test backend and extra flags, then <paramref name="arguments"/> (later flags win).
    /// Returns the exit code and everything it printed.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(string command, params string[] arguments)
    {
        // The server's own binary: in chart mode the published one (the image's ENTRYPOINT with the command).
        var (dll, imageEnvironment) = await ServerCommand.BinaryAsync();
        var start = new ProcessStartInfo("dotnet", [
            dll,
            command,
            "--data_directory", _directory.Path,
            .. _testBackend ? Services.TestBackend.ServerArguments(_directory.Path) : [],
            .. _extraArguments,
            .. _keyFileArguments,
            .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in imageEnvironment.Concat(ExtraEnvironment))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"couldn't start the {command} command");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Kills the server with SIGKILL (no shutdown of any kind), then starts it again on the same ports and data.</summary>
    public async Task KillAndRestartAsync()
    {
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        await StartAsync();
    }

    /// <summary>Starts the server again after <see cref="KillAsync"/>, on the same ports, data and flags.</summary>
    public async Task StartAgainAsync()
    {
        _process!.Dispose();
        await StartAsync();
    }

    /// <summary>Stops the server (SIGKILL) and starts it again on the same ports and data with <paramref name="extraArguments"/> instead of its own.</summary>
    public async Task RestartWithAsync(params string[] extraArguments)
    {
        _extraArguments = extraArguments;
        await KillAndRestartAsync();
    }

    /// <summary>Kills the server with SIGKILL (no shutdown of any kind) and leaves it dead.</summary>
    public async Task KillAsync()
    {
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private async Task StartAsync()
    {
        var start = await ServerCommand.CreateAsync(
            BaseAddress.Port,
            MetricsPort,
            _directory.Path,
            _chartMounts,
            _testBackend ? Services.TestBackend.ServerArguments(_directory.Path) : [],
            [.. _extraArguments, .. _keyFileArguments],
            ExtraEnvironment);
        _process = Process.Start(start) ?? throw new InvalidOperationException("couldn't start the server");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                // HasExited turns true before the output readers reach the end of the pipes: wait for them, else the
                // message can miss the very lines that say why the server stopped.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException("the server exited at start-up:\n" + Output);
            }

            try
            {
                if ((await Client.GetAsync(new Uri("/ping", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not answer /ping within 60 s:\n" + Output);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await Services.TestBackend.ReleaseAsync(_directory.Path);

        Dispose();
    }

    public void Dispose()
    {
        _process?.Dispose();
        _directory.Dispose();
        _chartMounts?.Dispose();
        GC.SuppressFinalize(this);
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

/// <summary>A server with a 4 KiB body limit, to test 413 without sending 32 MiB.</summary>
public sealed class SmallLimitServer() : RunningServer(["--max_request_body_size", "4096"]);
