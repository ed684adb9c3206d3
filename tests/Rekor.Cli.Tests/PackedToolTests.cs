using System.Diagnostics;
using System.Runtime.InteropServices;
using Rekor.Cli.Tests.Fixtures;

namespace Rekor.Cli.Tests;

/// <summary>
/// The tool as users get it: packed with <c>dotnet pack</c>, installed with <c>dotnet tool install</c> from that folder
/// alone (a nuget.config of its own, and a packages folder of its own so no earlier install is reused), run as
/// <c>rekor</c> against the real server.
/// </summary>
public sealed class PackedToolTests(LogServer server) : IClassFixture<LogServer>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_packed_and_installed_tool_runs_loginfo_against_the_server()
    {
        var packages = _directory.File("packages");
        var pack = await RunAsync(isolatedPackages: false, "dotnet", ["pack", Path.Combine(RepositoryPaths.Root, "Rekor.Cli", "Rekor.Cli.csproj"), "-c", "Release", "-o", packages, "-nologo"]);
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
        Assert.Single(Directory.GetFiles(packages, "Rekor.Cli.*.nupkg"));

        var config = _directory.File("nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = _directory.File("tools");
        var install = await RunAsync(isolatedPackages: true, "dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "--configfile", config, "Rekor.Cli"]);
        Assert.True(install.ExitCode == 0, "dotnet tool install failed:\n" + install.Output);

        var rekor = Path.Combine(tools, "rekor");
        var help = await RunAsync(isolatedPackages: false, rekor, ["--help"]);
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("rekor [command] [options]", help.Output, StringComparison.Ordinal);

        using (var key = new SigningKey(_directory.Path))
        {
            await new CliRunner(server.Url, _directory.File("upload-state")).UploadNewArtifactAsync(key);
        }

        var loginfo = await RunAsync(isolatedPackages: false, rekor, ["loginfo", "--rekor_server", server.Url, "--state-dir", _directory.File("state")]);
        Assert.True(loginfo.ExitCode == 0, loginfo.Output);
        Assert.Contains("Verification Successful!", loginfo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(_directory.File("state/state.json")), "the installed tool kept no checkpoint:\n" + loginfo.Output);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(bool isolatedPackages, string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.Path,
        };

        // The install goes to a packages folder of this test's own: the machine's would serve an earlier build of 0.1.0.
        if (isolatedPackages)
        {
            start.Environment["NUGET_PACKAGES"] = _directory.File("nuget-packages");
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // The tool's launcher finds the runtime this test runs on.
        start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("couldn't start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
