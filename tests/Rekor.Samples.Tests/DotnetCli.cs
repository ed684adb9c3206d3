using System.Diagnostics;
using System.Text;

namespace Rekor.Samples.Tests;

/// <summary>Runs the dotnet CLI as a child process, as a developer would, and hands back everything it printed.</summary>
internal static class DotnetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(80);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; fails the test with the full output unless it exits with 0.</summary>
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = RunAllowingFailure(workingDirectory, arguments);
        Assert.True(exitCode == 0, $"`dotnet {string.Join(' ', arguments)}` in {workingDirectory} exited with {exitCode}:\n{output}");
        return output;
    }

    public static (int ExitCode, string Output) RunAllowingFailure(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings belong to the outer build; the nested one must find its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`dotnet {string.Join(' ', arguments)}` did not finish within {Timeout.TotalSeconds} s:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rekor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("couldn't find the repository root (Rekor.slnx) above " + AppContext.BaseDirectory);
    }
}

/// <summary>A directory of its own for one test, removed afterwards.</summary>
internal sealed class WorkDirectory : IDisposable
{
    public WorkDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rekor-package-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the OS temp cleaner takes the rest.
        }
    }
}
