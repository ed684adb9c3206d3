using System.Diagnostics;

namespace Rekor.Server.Tests.Chart;

/// <summary>The server process under chart arguments that must stop it (exit code 2, the reason on stderr), and the <c>version</c> subcommand.</summary>
public sealed class ChartStartupTests
{
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Rekor.Server.dll"), .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, errors);
    }

    [Fact]
    public async Task Version_prints_one_line_and_exits_0()
    {
        var (exitCode, output, _) = await RunAsync("version");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("rekor-server", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpanded_TREE_ID_stops_start_up()
    {
        var (exitCode, _, errors) = await RunAsync("serve", "--trillian_log_server.tlog_id=$(TREE_ID)", "--data_directory", Path.GetTempPath());

        Assert.Equal(2, exitCode);
        Assert.Contains("the chart's TREE_ID was not set", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sharding_config_listing_trees_the_store_lacks_stops_start_up()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("sharding-config.yaml");
        await File.WriteAllTextAsync(path, "- treeID: 1\n  treeLength: 5\n");

        var (exitCode, _, errors) = await RunAsync("serve", "--trillian_log_server.sharding_config=" + path, "--data_directory", directory.Path);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("lists the inactive shards [1], but the store's inactive trees are []", errors, StringComparison.Ordinal);
    }
}
