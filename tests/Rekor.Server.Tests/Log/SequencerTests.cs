using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Core.Timestamps;
using Rekor.Server.Log;
using Rekor.Server.Storage;
using Rekor.Server.Tests.Storage;

namespace Rekor.Server.Tests.Log;

public sealed class SequencerTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EcdsaLogSigner _signer = EcdsaLogSigner.Generate();

    public void Dispose()
    {
        _signer.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Concurrent_appends_get_distinct_indexes_and_proofs_that_verify_against_their_checkpoint()
    {
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, _signer);
        var leaves = Enumerable.Range(0, 300).Select(i => TestLog.Leaf($"entry {i}")).ToList();

        var outcomes = await Task.WhenAll(leaves.Select(leaf => log.Sequencer.AppendAsync(leaf, [], CancellationToken.None)));

        Assert.All(outcomes, o => Assert.Equal(AppendStatus.Appended, o.Status));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), outcomes.Select(o => o.LocalIndex).Order());
        for (var i = 0; i < leaves.Count; i++)
        {
            var outcome = outcomes[i];
            var head = outcome.Head!;
            var proof = await log.Reader.InclusionProofAsync(outcome.TreeId, outcome.LocalIndex, head.Size, CancellationToken.None);
            Assert.True(MerkleVerifier.VerifyInclusion(outcome.LocalIndex, head.Size, Rfc6962.HashLeaf(leaves[i]), proof, head.Root));
            Assert.True(SignedCheckpoint.TryParse(head.Checkpoint!, out var checkpoint, out _));
            Assert.True(checkpoint.VerifiedBy(_signer.PublicKey, TestLog.Hostname));
            Assert.Equal(head.Root, checkpoint.Checkpoint.RootHash);
            var payload = SignedEntryTimestamp.Payload(Convert.ToBase64String(leaves[i]), outcome.IntegratedTimeSeconds, _signer.PublicKey.LogId, outcome.GlobalIndex);
            Assert.True(_signer.PublicKey.Verify(payload, outcome.SignedEntryTimestamp!));
        }

        await LogInvariants.CheckAsync(storage, log.Shards.ActiveTreeId, _signer.PublicKey);
    }

    [Fact]
    public async Task A_leaf_already_in_the_tree_is_a_duplicate_with_its_existing_index()
    {
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, _signer);
        await log.Sequencer.AppendAsync(TestLog.Leaf("first"), [], CancellationToken.None);
        var original = await log.Sequencer.AppendAsync(TestLog.Leaf("same"), [], CancellationToken.None);

        var again = await log.Sequencer.AppendAsync(TestLog.Leaf("same"), [], CancellationToken.None);

        Assert.Equal(AppendStatus.Duplicate, again.Status);
        Assert.Equal(original.LocalIndex, again.LocalIndex);
        Assert.Equal(2, log.Sequencer.CommittedHead.Size);
    }

    [Fact]
    public async Task The_same_leaf_twice_in_one_batch_is_logged_once()
    {
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, _signer, new SequencerOptions { MaxBatchWait = TimeSpan.FromMilliseconds(50) });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => log.Sequencer.AppendAsync(TestLog.Leaf("twin"), [], CancellationToken.None)));

        Assert.Single(outcomes, o => o.Status == AppendStatus.Appended);
        Assert.All(outcomes, o => Assert.Equal(0, o.LocalIndex));
        Assert.Equal(1, log.Sequencer.CommittedHead.Size);
    }

    [Fact]
    public async Task A_full_queue_pushes_back_at_once_and_adds_nothing()
    {
        var blocking = new BlockingStorage(TestLog.Storage(_directory));
        await using var log = await TestLog.OpenAsync(blocking, _signer, new SequencerOptions { QueueCapacity = 4, MaxBatchSize = 1 });

        var waiting = Enumerable.Range(0, 20).Select(i => log.Sequencer.AppendAsync(TestLog.Leaf($"e{i}"), [], CancellationToken.None)).ToList();
        var pushedBack = waiting.Where(t => t.IsCompleted && t.Result.Status == AppendStatus.Pushback).ToList();
        blocking.Release();
        var outcomes = await Task.WhenAll(waiting);

        Assert.NotEmpty(pushedBack);
        var appended = outcomes.Count(o => o.Status == AppendStatus.Appended);
        Assert.Equal(20, appended + outcomes.Count(o => o.Status == AppendStatus.Pushback));
        Assert.Equal(appended, log.Sequencer.CommittedHead.Size);
    }

    [Fact]
    public async Task Reopening_resumes_at_the_committed_head_and_stays_consistent()
    {
        await using var storage = TestLog.Storage(_directory);
        TreeHead before;
        await using (var log = await TestLog.OpenAsync(storage, _signer))
        {
            await Task.WhenAll(Enumerable.Range(0, 70).Select(i => log.Sequencer.AppendAsync(TestLog.Leaf($"a{i}"), [], CancellationToken.None)));
            before = log.Sequencer.CommittedHead;
        }

        await using var reopened = await TestLog.OpenAsync(storage, _signer);
        var next = await reopened.Sequencer.AppendAsync(TestLog.Leaf("after restart"), [], CancellationToken.None);

        Assert.Equal(before.Size, next.LocalIndex);
        var proof = await reopened.Reader.ConsistencyProofAsync(next.TreeId, before.Size, next.Head!.Size, CancellationToken.None);
        Assert.True(MerkleVerifier.VerifyConsistency(before.Size, next.Head.Size, proof, before.Root, next.Head.Root));
    }

    [Fact]
    public async Task Start_up_refuses_a_store_whose_tiles_disagree_with_its_head()
    {
        long treeId;
        await using (var storage = TestLog.Storage(_directory))
        await using (var log = await TestLog.OpenAsync(storage, _signer))
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i => log.Sequencer.AppendAsync(TestLog.Leaf($"t{i}"), [], CancellationToken.None)));
            treeId = log.Shards.ActiveTreeId;
        }

        await Services.TestBackend.ExecuteAsync(
            _directory.Path,
            "UPDATE tiles SET hashes = zeroblob(length(hashes)) WHERE level = 0",
            "UPDATE tiles SET hashes = REPEAT(CHAR(0), LENGTH(hashes)) WHERE level = 0");

        await using var tampered = TestLog.Storage(_directory);
        var error = await Assert.ThrowsAsync<LogUnavailableException>(() => TestLog.OpenAsync(tampered, _signer));
        Assert.Contains("recomputed from its tiles", error.Message, StringComparison.Ordinal);
        Assert.Contains(treeId.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_of_a_new_active_shard_continue_the_global_index()
    {
        await using var storage = TestLog.Storage(_directory);
        await using (var first = await TestLog.OpenAsync(storage, _signer))
        {
            await Task.WhenAll(Enumerable.Range(0, 5).Select(i => first.Sequencer.AppendAsync(TestLog.Leaf($"old{i}"), [], CancellationToken.None)));
            await TransparencyLog.CreateTreeAsync(storage, first.Identity, TreeState.Active, CancellationToken.None);
        }

        await using var log = await TestLog.OpenAsync(storage, _signer);
        var outcome = await log.Sequencer.AppendAsync(TestLog.Leaf("new"), [], CancellationToken.None);

        Assert.Equal((0L, 5L), (outcome.LocalIndex, outcome.GlobalIndex));
        Assert.Equal((log.Shards.Inactive[0].TreeId, 4L), log.Shards.Resolve(4));
        Assert.Equal((log.Shards.ActiveTreeId, 0L), log.Shards.Resolve(5));
        await LogInvariants.CheckAsync(storage, log.Shards.ActiveTreeId, _signer.PublicKey, globalOffset: 5);
    }
}
