using System.Collections.Concurrent;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;
using Rekor.Server.Tests.Log;

namespace Rekor.Server.Tests.Rotation;

/// <summary>
/// Shard rotation while appends stream in: no append fails, global indexes run on without a gap or repeat across the
/// boundary, each tree verifies under its own key, proofs hold within each tree, and other servers of the log follow.
/// </summary>
public sealed class ShardRotationTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly RotationFixture _fixture = new();

    public Task InitializeAsync() => _fixture.WriteKeysAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync().AsTask();

    ValueTask IAsyncDisposable.DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Appends_stream_through_a_rotation_to_a_new_key_without_a_failure_or_a_gap()
    {
        var log = await _fixture.OpenAsync(sequencer: new SequencerOptions { MaxBatchWait = TimeSpan.FromMilliseconds(2) });
        var firstTree = log.Shards.ActiveTreeId;
        var outcomes = new ConcurrentBag<AppendOutcome>();
        using var rotated = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            // Each writer keeps appending until 40 of its entries landed after the rotation.
            var afterRotation = 0;
            for (var i = 0; afterRotation < 40; i++)
            {
                var outcome = await log.Sequencer.AppendAsync(TestLog.Leaf($"writer {w} entry {i}"), [], CancellationToken.None);
                outcomes.Add(outcome);
                afterRotation += rotated.IsCancellationRequested ? 1 : 0;
            }
        })).ToList();

        await WaitUntilAsync(() => outcomes.Count >= 300);
        var result = await _fixture.RotateToNextKeyAsync();
        await rotated.CancelAsync();
        await Task.WhenAll(writers);

        Assert.All(outcomes, o => Assert.Equal(AppendStatus.Appended, o.Status));
        Assert.Equal(Enumerable.Range(0, outcomes.Count).Select(i => (long)i), outcomes.Select(o => o.GlobalIndex).Order());
        Assert.Equal(firstTree, result.FrozenTreeId);
        Assert.True(result.FrozenSize >= 300, $"frozen at {result.FrozenSize}");
        Assert.All(outcomes.Where(o => o.TreeId == firstTree), o => Assert.Equal(o.LocalIndex, o.GlobalIndex));
        Assert.All(outcomes.Where(o => o.TreeId == result.ActiveTreeId), o => Assert.Equal(result.FrozenSize + o.LocalIndex, o.GlobalIndex));
        Assert.Equal(outcomes.Count - result.FrozenSize, outcomes.Count(o => o.TreeId == result.ActiveTreeId));

        // The view moved with the sequencer: the old tree is an inactive shard with the first key, the new one active with the next.
        Assert.Equal(result.ActiveTreeId, log.Shards.ActiveTreeId);
        var inactive = Assert.Single(log.Shards.Inactive);
        Assert.Equal((firstTree, result.FrozenSize, _fixture.FirstKey.PublicKey), (inactive.TreeId, inactive.Size, inactive.Key));
        Assert.Equal(_fixture.NextKey.PublicKey, log.Shards.Active.Key);
        Assert.Equal(_fixture.NextKey.PublicKey, log.Identity.Signer.PublicKey);

        // Every entry, SET and checkpoint of each tree verifies under that tree's key, with the global indexes of its range.
        var frozenHead = await LogInvariants.CheckAsync(_fixture.Storage, firstTree, _fixture.FirstKey.PublicKey);
        Assert.Equal((result.FrozenSize, result.FrozenRoot), (frozenHead.Size, frozenHead.Root));
        var activeHead = await LogInvariants.CheckAsync(_fixture.Storage, result.ActiveTreeId, _fixture.NextKey.PublicKey, result.FrozenSize);
        Assert.Equal(outcomes.Count - result.FrozenSize, activeHead.Size);

        await AssertConsistentAsync(log, firstTree, 1, result.FrozenSize);
        await AssertConsistentAsync(log, result.ActiveTreeId, 1, activeHead.Size);
    }

    [Fact]
    public async Task Another_server_of_the_log_follows_by_polling_and_writes_to_the_new_tree()
    {
        var writer = await _fixture.OpenAsync();
        await writer.Sequencer.AppendAsync(TestLog.Leaf("before"), [], CancellationToken.None);
        var other = await _fixture.OpenAsync();
        var result = await _fixture.RotateKeepingKeyAsync();

        Assert.Equal(writer.Shards.ActiveTreeId, other.Shards.ActiveTreeId); // nobody looked yet
        Assert.Equal(result.ActiveTreeId, (await other.RefreshShardsAsync(CancellationToken.None)).ActiveTreeId);
        var appended = await writer.Sequencer.AppendAsync(TestLog.Leaf("after"), [], CancellationToken.None);

        Assert.Equal((result.ActiveTreeId, 0L, 1L), (appended.TreeId, appended.LocalIndex, appended.GlobalIndex));
        var fromOther = await other.Sequencer.AppendAsync(TestLog.Leaf("through the other server"), [], CancellationToken.None);
        Assert.Equal((result.ActiveTreeId, 1L, 2L), (fromOther.TreeId, fromOther.LocalIndex, fromOther.GlobalIndex));
    }

    [Fact]
    public async Task A_leaf_of_the_frozen_tree_can_be_logged_again_in_the_new_one_as_rekor_does()
    {
        var log = await _fixture.OpenAsync();
        var before = await log.Sequencer.AppendAsync(TestLog.Leaf("same"), [], CancellationToken.None);
        await _fixture.RotateKeepingKeyAsync();

        var again = await log.Sequencer.AppendAsync(TestLog.Leaf("same"), [], CancellationToken.None);

        Assert.Equal(AppendStatus.Appended, again.Status);
        Assert.NotEqual(before.TreeId, again.TreeId);
        Assert.Equal(1, again.GlobalIndex);
    }

    [Fact]
    public async Task A_server_started_with_the_frozen_tree_id_serves_the_active_tree_and_says_so()
    {
        var log = await _fixture.OpenAsync();
        var firstTree = log.Shards.ActiveTreeId;
        await log.Sequencer.AppendAsync(TestLog.Leaf("one"), [], CancellationToken.None);
        var result = await _fixture.RotateToNextKeyAsync();

        var restarted = await _fixture.OpenAsync(treeId: firstTree);

        Assert.Equal(firstTree, restarted.RequestedTreeIsInactive);
        Assert.Equal(result.ActiveTreeId, restarted.Shards.ActiveTreeId);
        Assert.Equal(_fixture.NextKey.PublicKey, restarted.Shards.Active.Key);
        Assert.Equal(1, restarted.Shards.ActiveOffset);
    }

    [Fact]
    public async Task A_server_whose_key_signed_no_tree_of_the_log_is_refused_though_it_could_open_the_active_key()
    {
        await (await _fixture.OpenAsync()).Sequencer.AppendAsync(TestLog.Leaf("one"), [], CancellationToken.None);
        await _fixture.RotateToNextKeyAsync(); // the store now records the next key's file, which this process can read
        using var stranger = Core.Signing.EcdsaLogSigner.Generate();
        var strangerPath = Path.Combine(_fixture.DirectoryPath, "stranger.pem");
        await Core.Signing.LogSigningKeyFile.WriteAsync(strangerPath, stranger, null, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<LogUnavailableException>(() => _fixture.OpenAsync(signerPath: strangerPath));

        Assert.Contains("is signed by another key than this server's", refused.Message, StringComparison.Ordinal);
        Assert.Contains("this server's key signed no tree of this log", refused.Message, StringComparison.Ordinal);
        Assert.Equal(_fixture.NextKey.PublicKey, (await _fixture.OpenAsync(signerPath: _fixture.FirstKeyPath)).Shards.Active.Key); // a stale key follows
    }

    [Fact]
    public async Task A_server_started_with_a_tree_id_the_store_lacks_is_refused_pointing_at_rotate()
    {
        await _fixture.OpenAsync();

        var refusal = await Assert.ThrowsAsync<LogUnavailableException>(() => _fixture.OpenAsync(treeId: 77));

        Assert.Contains("rotate --new-tree-id=77", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotation_to_a_key_servers_cannot_open_yet_answers_503_until_they_can()
    {
        var log = await _fixture.OpenAsync();
        File.Delete(_fixture.NextKeyPath); // recorded by its path, which no server can read yet
        await _fixture.RotateToNextKeyAsync();

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => log.Sequencer.AppendAsync(TestLog.Leaf("waits"), [], CancellationToken.None));
        Assert.Contains("signed by another key", refused.Message, StringComparison.Ordinal);

        await _fixture.WriteNextKeyAsync();
        var appended = await log.Sequencer.AppendAsync(TestLog.Leaf("lands"), [], CancellationToken.None);
        Assert.Equal((log.Shards.ActiveTreeId, AppendStatus.Appended), (appended.TreeId, appended.Status));
        Assert.Equal(_fixture.NextKey.PublicKey, log.Shards.Active.Key);
    }

    [Fact]
    public async Task A_rotation_that_fails_at_commit_changes_nothing_and_the_log_goes_on()
    {
        var log = await _fixture.OpenAsync();
        await log.Sequencer.AppendAsync(TestLog.Leaf("one"), [], CancellationToken.None);
        var failing = new FailingRotationStorage(_fixture.Storage);

        await Assert.ThrowsAsync<IOException>(() => ShardRotation.RotateAsync(failing, "unused", _fixture.NextKey, _fixture.NextKeyPath, 0, CancellationToken.None));

        var tree = Assert.Single(await _fixture.Storage.ListTreesAsync(CancellationToken.None));
        Assert.Equal(TreeState.Active, tree.State);
        var appended = await log.Sequencer.AppendAsync(TestLog.Leaf("two"), [], CancellationToken.None);
        Assert.Equal((tree.TreeId, 1L), (appended.TreeId, appended.GlobalIndex));
    }

    private static async Task AssertConsistentAsync(TransparencyLog log, long treeId, long oldSize, long newSize)
    {
        var oldRoot = await log.Reader.RootAtAsync(treeId, oldSize, CancellationToken.None);
        var head = (await log.Reader.ReadHeadAsync(treeId, CancellationToken.None))!;
        Assert.Equal(newSize, head.Size);
        var proof = await log.Reader.ConsistencyProofAsync(treeId, oldSize, newSize, CancellationToken.None);
        Assert.True(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof, oldRoot, head.Root), $"consistency {oldSize} -> {newSize} of tree {treeId}");
        Assert.Equal(head.Root, SignedCheckpoint.Parse(head.Checkpoint!).Checkpoint.RootHash);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }

    /// <summary>A store whose rotation commit fails (a database that errors at COMMIT).</summary>
    private sealed class FailingRotationStorage(ILogStorage inner) : Storage.DelegatingStorage(inner)
    {
        protected override Task RotateAsync(ILogWriteTransaction inner, TreeRotation rotation, CancellationToken cancellationToken) =>
            Task.FromException(new IOException("the database failed at COMMIT"));
    }
}
