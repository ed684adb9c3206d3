using Rekor.Core.Signing;
using Rekor.Server.Hosting;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Server.Tests.Rotation;

/// <summary>The rotate command's refusals: exit 2 for settings it will not act on, exit 1 for a rotation the store refuses; the store unchanged.</summary>
public sealed class RotateCommandTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_memory_key_or_a_missing_key_is_refused_before_anything_is_opened()
    {
        Assert.Equal(StartupFailure.ExitCode, await RotateCommand.RunAsync(["--data_directory", _data.Path, "--rekor_server.signer", "memory"], TextWriter.Null, CancellationToken.None));
        Assert.Equal(StartupFailure.ExitCode, await RotateCommand.RunAsync(["--data_directory", _data.Path], TextWriter.Null, CancellationToken.None));
        Assert.Equal(StartupFailure.ExitCode, await RotateCommand.RunAsync(["--data_directory", _data.Path, "--new-tree-id", "-4"], TextWriter.Null, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_data.Path, "rekor.db")));
    }

    [Fact]
    public async Task A_new_tree_id_the_store_already_has_fails_the_command_and_changes_nothing()
    {
        using var key = EcdsaLogSigner.Generate();
        await LogSigningKeyFile.WriteAsync(Path.Combine(_data.Path, "signing-key.pem"), key, null, CancellationToken.None);
        long active;
        await using (var storage = new SqliteLogStorage(Path.Combine(_data.Path, "rekor.db")))
        {
            await using var log = await TransparencyLog.OpenAsync(storage, new LogIdentity("127.0.0.1", key), new SequencerOptions(), new TileCache(), CancellationToken.None);
            active = log.Shards.ActiveTreeId;
        }

        var output = new StringWriter();
        var exit = await RotateCommand.RunAsync(["--data_directory", _data.Path, "--new-tree-id", active.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, CancellationToken.None);

        Assert.Equal(StartupFailure.CouldNotStartExitCode, exit);
        await using var reopened = new SqliteLogStorage(Path.Combine(_data.Path, "rekor.db"));
        var tree = Assert.Single(await reopened.ListTreesAsync(CancellationToken.None));
        Assert.Equal((active, Rekor.Server.Storage.TreeState.Active), (tree.TreeId, tree.State));

        Assert.Equal(0, await RotateCommand.RunAsync(["--data_directory", _data.Path, "--new-tree-id=42"], output, CancellationToken.None));
        Assert.Contains($"tree {active} is frozen at size 0", output.ToString(), StringComparison.Ordinal);
        Assert.Equal([active, 42L], (await reopened.ListTreesAsync(CancellationToken.None)).Select(t => t.TreeId));
    }
}
