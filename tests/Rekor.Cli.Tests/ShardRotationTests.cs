using System.Diagnostics;
using System.Text.Json;
using Rekor.Cli.Tests.Fixtures;

namespace Rekor.Cli.Tests;

/// <summary>
/// The tool across a shard rotation (the server's <c>rotate</c> command, online): loginfo verifies the inactive tree's
/// final checkpoint as well as the active one's, counts both in the total, keeps each under its tree ID, and stays
/// consistent afterwards; an entry of the frozen tree still verifies under that tree's key.
/// </summary>
public sealed class ShardRotationTests : IAsyncLifetime, IDisposable
{
    private readonly LogServer _server = new();
    private readonly TemporaryDirectory _directory = new();
    private SigningKey? _key;

    private SigningKey Key => _key ??= new SigningKey(_directory.Path);

    private CliRunner Cli => new(_server.Url, _directory.File("state"));

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    public void Dispose()
    {
        _key?.Dispose();
        _directory.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Loginfo_verifies_every_tree_of_a_rotated_log_and_old_entries_still_verify()
    {
        var before = await UploadAsync();
        Assert.True((await Cli.RunAsync("loginfo")).ExitCode == 0);
        await RotateAsync();
        await UploadAsync();
        await UploadAsync();

        var after = await Cli.RunAsync("loginfo", "--format", "json");

        Assert.True(after.ExitCode == 0, after.ToString() + "\n" + _server.Output);
        using var info = JsonDocument.Parse(after.Out);
        var root = info.RootElement;
        Assert.Equal(2, root.GetProperty("activeTreeSize").GetInt64());
        Assert.Equal(3, root.GetProperty("totalTreeSize").GetInt64());
        var trees = root.GetProperty("trees").EnumerateArray().ToList();
        Assert.Equal(2, trees.Count);
        Assert.All(trees, tree => Assert.NotEqual("Forked", tree.GetProperty("consistency").GetString()));
        var state = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Cli.StateDirectory, "state.json")))!;
        Assert.All(trees, tree => Assert.Contains(tree.GetProperty("treeID").GetString()!, state.Keys));

        var old = await Cli.RunAsync("get", "--uuid", before);
        Assert.True(old.ExitCode == 0, old.ToString());
        Assert.True((await Cli.RunAsync("loginfo")).ExitCode == 0);
    }

    /// <summary>Uploads a fresh artifact and returns its entry ID.</summary>
    private async Task<string> UploadAsync() => (await Cli.UploadNewArtifactAsync(Key)).Uuid;

    /// <summary>Runs <c>Rekor.Server rotate</c> against the running server's store, as an operator would.</summary>
    private async Task RotateAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [RepositoryPaths.ServerDll, "rotate", "--data_directory", _server.DataDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "rotate failed:\n" + await output + await error);
    }
}
