using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace Rekor.Server.Tests.Services;

/// <summary>
/// A server run as a child process in the foreground. Its standard output and error are drained (a full pipe would
/// block it) and the last lines kept for error messages. Disposing does not stop it: the owner stops or kills it first.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();

    private ServiceProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="executable"/>; a binary that cannot start throws with its path.</summary>
    public static ServiceProcess Start(string executable, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{executable} could not be started: {e.Message}", e);
        }

        var running = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => running.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => running.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return running;
    }

    /// <summary>The last lines the process wrote, for an error message.</summary>
    public string Tail() => string.Join('\n', _tail);

    /// <summary>Waits for the process to exit; false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL, then waits for the exit: afterwards the process is gone and its port and files are released.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public void Dispose() => _process.Dispose();

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > KeptLines && _tail.TryDequeue(out _))
        {
        }
    }
}
