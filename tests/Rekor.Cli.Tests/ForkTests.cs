using System.Text.Json;
using Rekor.Cli.Tests.Fixtures;

namespace Rekor.Cli.Tests;

/// <summary>
/// A real fork: one log's data copied while it was stopped, then the original and the copy (same key, same tree ID,
/// same history so far) each given different entries. A client that saw the original must, shown the copy, say so
/// loudly (exit 4) and keep the checkpoint it had.
/// </summary>
public sealed class ForkTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly LogServer _original = new();
    private LogServer? _fork;
    private SigningKey? _key;

    private SigningKey Key => _key ??= new SigningKey(_directory.Path);

    private string StatePath => _directory.File("state/state.json");

    public async Task InitializeAsync()
    {
        await _original.InitializeAsync();
        await UploadAsync(_original);
        await UploadAsync(_original);
        await _original.StopAsync();
        _fork = _original.CopyWhileStopped();
        await _original.StartAsync();
        await _fork.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _original.DisposeAsync();
        if (_fork is not null)
        {
            await _fork.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose()
    {
        _original.Dispose();
        _fork?.Dispose();
        _key?.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_fork_at_the_same_size_a_larger_one_and_a_shrunken_one_are_all_reported_with_exit_4()
    {
        var original = new CliRunner(_original.Url, _directory.File("state"));
        var fork = original.WithServer(_fork!.Url);

        // Both logs agree so far: the client's checkpoint of size 2 is consistent with either.
        Assert.Equal(0, (await original.RunAsync("loginfo")).ExitCode);
        var agreed = await fork.RunAsync("loginfo", "--store_tree_state=false");
        Assert.True(agreed.ExitCode == 0, agreed.ToString());

        // Now they part: size 3 in both, with different third entries.
        await UploadAsync(_original);
        await UploadAsync(_fork);
        var seen = await original.RunAsync("loginfo");
        Assert.True(seen.ExitCode == 0, seen.ToString());
        var kept = File.ReadAllText(StatePath);

        var sameSize = await fork.RunAsync("loginfo");
        AssertFork(sameSize, "two different roots for size 3");
        Assert.Equal(kept, File.ReadAllText(StatePath));

        // The fork grows past the kept size: no consistency proof can join them.
        await UploadAsync(_fork);
        var larger = await fork.RunAsync("loginfo");
        AssertFork(larger, "cannot prove");
        var monitor = await fork.RunAsync("monitor", "--once", "--verify-entries", "--format", "json");
        Assert.True(monitor.ExitCode == 4, monitor.ToString());
        Assert.Equal("Forked", JsonDocument.Parse(monitor.Out).RootElement.GetProperty("consistency").GetString());
        Assert.Equal(kept, File.ReadAllText(StatePath));

        // The original moves on to size 5; shown the fork (size 4) the client sees a log that shrank.
        await UploadAsync(_original);
        await UploadAsync(_original);
        Assert.Equal(0, (await original.RunAsync("loginfo")).ExitCode);
        AssertFork(await fork.RunAsync("loginfo"), "the log shrank");
    }

    private static void AssertFork(CliRun run, string why)
    {
        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("FORK DETECTED", run.Error, StringComparison.Ordinal);
        Assert.Contains(why, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Verification Successful", run.Out, StringComparison.Ordinal);
    }

    private Task<UploadedArtifact> UploadAsync(LogServer server) =>
        new CliRunner(server.Url, _directory.File("upload-state")).UploadNewArtifactAsync(Key);
}
