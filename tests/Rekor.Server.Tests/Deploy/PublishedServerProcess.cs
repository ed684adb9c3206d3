using System.Diagnostics;
using System.Text;

namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// A published Rekor.Server.dll started as the image starts it (<c>dotnet /app/Rekor.Server.dll serve …</c>) with the
/// image's ENV, on free loopback ports. Invariant: the process is killed (with its tree) when disposed.
/// </summary>
internal sealed class PublishedServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PublishedServerProcess(Process process, int port, int metricsPort)
    {
        _process = process;
        Port = port;
        MetricsPort = metricsPort;
    }

    public int Port { get; }

    public int MetricsPort { get; }

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

    public bool HasExited => _process.HasExited;

    public static PublishedServerProcess Start(string dll, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var port = Services.FreeTcpPort.Pick();
        var metricsPort = Services.FreeTcpPort.Pick();
        var start = new ProcessStartInfo("dotnet", [dll, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--metrics_port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data_directory", dataDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new PublishedServerProcess(process, port, metricsPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
