using System.Globalization;
using System.Text.Json;
using Rekor.Cli.Tests.Fixtures;

namespace Rekor.Cli.Tests;

/// <summary>loginfo, logproof and monitor against the real server, in process.</summary>
public sealed class LogCommandTests(LogServer server) : IClassFixture<LogServer>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private SigningKey? _key;

    private SigningKey Key => _key ??= new SigningKey(_directory.Path);

    private CliRunner Cli => new(server.Url, _directory.File("state"));

    public void Dispose()
    {
        _key?.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Loginfo_verifies_the_tree_head_keeps_it_and_proves_the_next_one_consistent_with_it()
    {
        await UploadAsync();
        var first = await Cli.RunAsync("loginfo");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Verification Successful!", first.Out, StringComparison.Ordinal);
        Assert.Contains("FirstCheckpoint", first.Out, StringComparison.Ordinal);
        var statePath = Path.Combine(Cli.StateDirectory, "state.json");
        var state = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(statePath))!;
        Assert.Contains(server.Url, state.Keys);

        await UploadAsync();
        await UploadAsync();
        var second = await Cli.RunAsync("loginfo", "--format", "json");
        Assert.True(second.ExitCode == 0, second.ToString());
        using var info = JsonDocument.Parse(second.Out);
        Assert.True(info.RootElement.GetProperty("verified").GetBoolean());
        var tree = info.RootElement.GetProperty("trees")[0];
        Assert.Equal("Consistent", tree.GetProperty("consistency").GetString());
        Assert.Contains("the consistency proof of", tree.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var treeId = info.RootElement.GetProperty("treeID").GetString()!;
        state = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(statePath))!;
        Assert.Contains($"\n{info.RootElement.GetProperty("activeTreeSize").GetInt64()}\n", state[treeId], StringComparison.Ordinal);

        var unchanged = await Cli.RunAsync("loginfo");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
    }

    [Fact]
    public async Task Logproof_prints_the_servers_consistency_proof_and_passes_on_its_refusals()
    {
        await UploadAsync();
        await UploadAsync();
        await UploadAsync();
        using var http = new HttpClient();
        using var info = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.Url + "/api/v1/log")));
        var size = info.RootElement.GetProperty("treeSize").GetInt64();
        var expected = await http.GetStringAsync(new Uri($"{server.Url}/api/v1/log/proof?firstSize=1&lastSize={size}"));
        using var expectedProof = JsonDocument.Parse(expected);

        var proof = await Cli.RunAsync("logproof", "--first-size", "1", "--last-size", size.ToString(CultureInfo.InvariantCulture));
        Assert.True(proof.ExitCode == 0, proof.ToString());
        foreach (var hash in expectedProof.RootElement.GetProperty("hashes").EnumerateArray())
        {
            Assert.Contains(hash.GetString()!, proof.Out, StringComparison.Ordinal);
        }

        var json = await Cli.RunAsync("logproof", "--last-size", size.ToString(CultureInfo.InvariantCulture), "--format", "json", "--tree-id", info.RootElement.GetProperty("treeID").GetString()!);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(expectedProof.RootElement.GetProperty("hashes").GetArrayLength(), JsonDocument.Parse(json.Out).RootElement.GetProperty("hashes").GetArrayLength());

        var beyond = await Cli.RunAsync("logproof", "--last-size", (size + 1000).ToString(CultureInfo.InvariantCulture));
        Assert.True(beyond.ExitCode == 2, beyond.ToString());
        Assert.Contains("greater than", beyond.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await Cli.RunAsync("logproof", "--first-size", "3", "--last-size", "2")).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("logproof")).ExitCode);
    }

    [Fact]
    public async Task Monitor_verifies_each_new_checkpoint_and_with_verify_entries_every_new_entry()
    {
        await UploadAsync();
        var start = await Cli.RunAsync("monitor", "--once");
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("FirstCheckpoint", start.Out, StringComparison.Ordinal);

        await UploadAsync();
        await UploadAsync();
        var next = await Cli.RunAsync("monitor", "--once", "--verify-entries", "--format", "json");
        Assert.True(next.ExitCode == 0, next.ToString());
        using var line = JsonDocument.Parse(next.Out);
        Assert.Equal("Consistent", line.RootElement.GetProperty("consistency").GetString());
        Assert.True(line.RootElement.GetProperty("entriesVerified").GetInt64() >= 2);
        Assert.True(line.RootElement.GetProperty("ok").GetBoolean());

        var twice = await Cli.RunAsync("monitor", "--max-iterations", "2", "--interval", "100ms", "--verify-entries");
        Assert.True(twice.ExitCode == 0, twice.ToString());
        Assert.Equal(2, twice.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(1, (await Cli.RunAsync("monitor", "--max-iterations", "0")).ExitCode);
    }

    private Task<UploadedArtifact> UploadAsync() => Cli.UploadNewArtifactAsync(Key);
}
