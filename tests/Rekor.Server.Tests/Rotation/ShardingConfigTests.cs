using Rekor.Core.Merkle;
using Rekor.Server.Configuration;
using Rekor.Server.Hosting;
using Rekor.Server.Log;
using Rekor.Server.Storage;
using Rekor.Server.Tests.Log;

namespace Rekor.Server.Tests.Rotation;

/// <summary>
/// rekor-server's sharding config against the store: it must list the store's inactive trees as they are (order,
/// frozen lengths, keys), and it gives a tree frozen before keys were recorded its key.
/// </summary>
public sealed class ShardingConfigTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly RotationFixture _fixture = new();
    private readonly TemporaryDirectory _files = new();

    public Task InitializeAsync() => _fixture.WriteKeysAsync();

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        _files.Dispose();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    [Fact]
    public void Rekors_yaml_and_json_forms_are_read_with_keys_and_passwords()
    {
        var yaml = Read("""
            - treeID: 1193046817491352131
              treeLength: 2400
              signingConfig:
                signingSchemeOrKeyPath: gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/old
            - TreeId: 42
              signingConfig:
                signingSchemeOrKeyPath: /keys/old.pem
                fileSignerPassword: hunter2
              grpcEndpoint: { address: trillian, port: 8090 }
            """);
        var json = Read("""[{"treeID": 7, "treeLength": 3}]""");

        Assert.Equal(
            [new InactiveShardConfig(1193046817491352131, 2400, "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/old", null), new InactiveShardConfig(42, 0, "/keys/old.pem", "hunter2")],
            yaml.Shards);
        Assert.Equal([new InactiveShardConfig(7, 3, null, null)], json.Shards);
    }

    [Theory]
    [InlineData("treeID: 5", "a list of shards")]
    [InlineData("- treeLength: 5", "has no treeID")]
    [InlineData("- treeID: -3", "treeID must be positive")]
    [InlineData("- treeID: twelve", "is not a whole number")]
    [InlineData("- treeID: 5\n  signingConfig:\n    tinkKEKURI: gcp-kms://x\n", "Tink keysets are not supported")]
    public void A_malformed_file_is_a_start_up_problem_that_never_shows_a_password(string content, string expected)
    {
        var (_, shards, problem) = Read(content + "\n# fileSignerPassword: hunter2\n");

        Assert.Empty(shards);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_listing_the_rotated_trees_with_their_lengths_and_keys_is_accepted()
    {
        var (first, second) = await RotateTwiceAsync();

        await InactiveShardKeys.ApplyAsync(_fixture.Storage, [new(first.FrozenTreeId, first.FrozenSize, _fixture.FirstKeyPath, null), new(second.FrozenTreeId, 0, _fixture.NextKeyPath, null)], Options(), CancellationToken.None);
        await InactiveShardKeys.ApplyAsync(_fixture.Storage, [new(first.FrozenTreeId, 0, null, null), new(second.FrozenTreeId, 0, null, null)], Options(), CancellationToken.None);
    }

    [Fact]
    public async Task A_file_that_disagrees_with_the_store_is_refused_naming_what_differs()
    {
        var (first, second) = await RotateTwiceAsync();

        var order = await RefusalAsync([new(second.FrozenTreeId, 0, null, null), new(first.FrozenTreeId, 0, null, null)]);
        var missing = await RefusalAsync([new(first.FrozenTreeId, 0, null, null)]);
        var unknown = await RefusalAsync([new(first.FrozenTreeId, 0, null, null), new(second.FrozenTreeId, 0, null, null), new(99, 0, null, null)]);
        var length = await RefusalAsync([new(first.FrozenTreeId, first.FrozenSize + 1, null, null), new(second.FrozenTreeId, 0, null, null)]);
        var key = await RefusalAsync([new(first.FrozenTreeId, 0, _fixture.NextKeyPath, null), new(second.FrozenTreeId, 0, null, null)]);

        Assert.All(new[] { order, missing, unknown }, m => Assert.Contains($"the store's inactive trees are [{first.FrozenTreeId}, {second.FrozenTreeId}]", m, StringComparison.Ordinal));
        Assert.Contains($"treeLength {first.FrozenSize + 1}, but it was frozen at size {first.FrozenSize}", length, StringComparison.Ordinal);
        Assert.Contains($"names the key with log ID {_fixture.NextKey.PublicKey.LogId.ToHex()} for tree {first.FrozenTreeId}", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tree_frozen_before_keys_were_recorded_gets_its_key_from_the_file()
    {
        // A store as an older server left it: a frozen tree signed by another key, no key recorded for any tree.
        await _fixture.Storage.InitializeAsync(CancellationToken.None);
        var oldTree = await TransparencyLog.CreateTreeAsync(_fixture.Storage, new LogIdentity(TestLog.Hostname, _fixture.NextKey), TreeState.Active, CancellationToken.None);
        await using (var write = await _fixture.Storage.BeginWriteAsync(oldTree, CancellationToken.None))
        {
            var checkpoint = await TransparencyLog.SignEmptyCheckpointAsync(TestLog.Hostname, _fixture.FirstKey, 99, CancellationToken.None);
            await write.RotateAsync(new TreeRotation(99, Rfc6962.EmptyRoot, checkpoint, new TreeKey(_fixture.FirstKey.PublicKey.SpkiDer.ToArray(), null)), CancellationToken.None);
        }

        await ForgetKeysAsync();
        var refused = await Assert.ThrowsAsync<LogUnavailableException>(() => _fixture.OpenAsync());
        Assert.Contains($"tree {oldTree}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("sharding_config", refused.Message, StringComparison.Ordinal);

        await InactiveShardKeys.ApplyAsync(_fixture.Storage, [new(oldTree, 0, _fixture.NextKeyPath, null)], Options(), CancellationToken.None);
        var log = await _fixture.OpenAsync();

        Assert.Equal(_fixture.NextKey.PublicKey, log.Shards.KeyOf(oldTree));
        Assert.Equal(_fixture.FirstKey.PublicKey, log.Shards.Active.Key);
    }

    private async Task<(RotationResult First, RotationResult Second)> RotateTwiceAsync()
    {
        var log = await _fixture.OpenAsync();
        await log.Sequencer.AppendAsync(TestLog.Leaf("a"), [], CancellationToken.None);
        await log.Sequencer.AppendAsync(TestLog.Leaf("b"), [], CancellationToken.None);
        var first = await _fixture.RotateToNextKeyAsync();
        await log.Sequencer.AppendAsync(TestLog.Leaf("c"), [], CancellationToken.None);
        var second = await _fixture.RotateKeepingKeyAsync();
        return (first, second);
    }

    private async Task<string> RefusalAsync(IReadOnlyList<InactiveShardConfig> listed) =>
        (await Assert.ThrowsAsync<LogUnavailableException>(() => InactiveShardKeys.ApplyAsync(_fixture.Storage, listed, Options(), CancellationToken.None))).Message;

    /// <summary>Removes the key records of the store (what a store written before keys were recorded holds).</summary>
    private async Task ForgetKeysAsync()
    {
        await Services.TestBackend.ExecuteOnLogDatabaseAsync(_fixture.DirectoryPath, "DELETE FROM tree_keys");
        Assert.All(await _fixture.Storage.ListTreesAsync(CancellationToken.None), t => Assert.Null(t.Key));
    }

    private RekorServerOptions Options() => new() { Signer = _fixture.FirstKeyPath, ShardingConfig = "sharding-config.yaml" };

    private (bool Missing, IReadOnlyList<InactiveShardConfig> Shards, string? Problem) Read(string content)
    {
        var path = _files.File(Guid.NewGuid() + ".yaml");
        File.WriteAllText(path, content);
        return ShardingConfigFile.Read(path);
    }
}
