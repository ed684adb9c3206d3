using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// The contract for shard rotation and tree keys: a rotation freezes the active tree at its head and starts the next
/// one in one commit, under the tree's write lock, so a writer waiting for that lock finds the tree frozen and writes
/// nothing to it; each tree's key is recorded once and never replaced.
/// </summary>
public abstract partial class LogStorageContract
{
    private const long NextTree = 4242;

    private static readonly TreeKey NextKey = new([0x30, 0x59, 1, 2, 3], "hashivault://next-key");

    [Fact]
    public async Task A_rotation_freezes_the_tree_at_its_head_and_starts_the_next_with_its_key()
    {
        var batch = Batch(0, 3);
        Assert.Equal(BatchRejection.None, await Storage.CommitBatchAsync(batch, CancellationToken.None));

        await using (var write = await Storage.BeginWriteAsync(Tree, CancellationToken.None))
        {
            Assert.Equal(TreeState.Active, write.State);
            await write.RotateAsync(new TreeRotation(NextTree, Rfc6962.EmptyRoot, "next empty", NextKey), CancellationToken.None);
        }

        var trees = await (await SecondStoreAsync()).ListTreesAsync(CancellationToken.None);
        Assert.Equal([(Tree, TreeState.Inactive), (NextTree, TreeState.Active)], trees.Select(t => (t.TreeId, t.State)));
        Assert.Equal(NextKey.PublicKeySpki, trees[1].Key!.PublicKeySpki);
        Assert.Equal(NextKey.Signer, trees[1].Key!.Signer);
        Assert.Equal(batch.NewHead, await Storage.ReadHeadAsync(Tree, CancellationToken.None));
        Assert.Equal(new TreeHead(NextTree, 0, Rfc6962.EmptyRoot, "next empty"), await Storage.ReadHeadAsync(NextTree, CancellationToken.None));
        Assert.Equal(batch.Entries[2].Body, (await Storage.ReadEntryAsync(Tree, 2, CancellationToken.None))!.Body);

        // The new tree numbers its entries from 0; a leaf of the frozen tree may be logged again there.
        var again = Batch(0, 1) with { TreeId = NextTree };
        again = again with { NewHead = again.NewHead with { TreeId = NextTree } };
        Assert.Equal(BatchRejection.None, await Storage.CommitBatchAsync(again, CancellationToken.None));
        Assert.Equal(0, (await Storage.FindLeavesAsync(NextTree, [again.Entries[0].LeafHash], CancellationToken.None))[again.Entries[0].LeafHash]);
    }

    [Fact]
    public async Task A_writer_waiting_during_a_rotation_finds_the_tree_frozen_and_cannot_write_to_it()
    {
        var second = await SecondStoreAsync();
        var rotating = await Storage.BeginWriteAsync(Tree, CancellationToken.None);
        var waiting = Task.Run(() => second.BeginWriteAsync(Tree, CancellationToken.None));
        try
        {
            Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(Waiting)));
            await rotating.RotateAsync(new TreeRotation(NextTree, Rfc6962.EmptyRoot, "next empty", NextKey), CancellationToken.None);

            await using var late = await waiting.WaitAsync(Promptly);
            Assert.Equal(TreeState.Inactive, late.State);
            await Assert.ThrowsAsync<InvalidOperationException>(() => late.CommitAsync(Batch(0, 1), CancellationToken.None));
            await Assert.ThrowsAsync<InvalidOperationException>(() => late.RotateAsync(new TreeRotation(NextTree + 1, Rfc6962.EmptyRoot, "other", NextKey), CancellationToken.None));
        }
        finally
        {
            await rotating.DisposeAsync();
            await DisposeWhenDoneAsync(waiting);
        }

        Assert.Equal(0, (await Storage.ReadHeadAsync(Tree, CancellationToken.None))!.Size);
        Assert.Null(await Storage.ReadEntryAsync(Tree, 0, CancellationToken.None));
        Assert.Equal([Tree, NextTree], (await Storage.ListTreesAsync(CancellationToken.None)).Select(t => t.TreeId));
    }

    [Fact]
    public async Task An_abandoned_rotation_changes_nothing()
    {
        await using (await Storage.BeginWriteAsync(Tree, CancellationToken.None))
        {
            // disposed without rotating
        }

        var tree = Assert.Single(await Storage.ListTreesAsync(CancellationToken.None));
        Assert.Equal((Tree, TreeState.Active), (tree.TreeId, tree.State));
        Assert.Null(await Storage.ReadHeadAsync(NextTree, CancellationToken.None));
    }

    [Fact]
    public async Task A_tree_key_is_recorded_once_and_never_replaced()
    {
        Assert.Null(Assert.Single(await Storage.ListTreesAsync(CancellationToken.None)).Key);

        var first = await Storage.RecordTreeKeyAsync(Tree, new TreeKey([1, 1, 1], null), CancellationToken.None);
        var second = await (await SecondStoreAsync()).RecordTreeKeyAsync(Tree, new TreeKey([2, 2, 2], "awskms:///alias/other"), CancellationToken.None);

        Assert.Equal([1, 1, 1], first.PublicKeySpki);
        Assert.Equal([1, 1, 1], second.PublicKeySpki);
        Assert.Null(second.Signer);
        Assert.Equal([1, 1, 1], Assert.Single(await Storage.ListTreesAsync(CancellationToken.None)).Key!.PublicKeySpki);
    }

    [Fact]
    public async Task The_first_tree_is_created_with_its_key()
    {
        var store = Track(await CreateStorageAsync());
        await store.InitializeAsync(CancellationToken.None);

        Assert.True(await store.CreateFirstTreeAsync(7, Rfc6962.EmptyRoot, "empty", NextKey, CancellationToken.None));

        var tree = Assert.Single(await store.ListTreesAsync(CancellationToken.None));
        Assert.Equal(NextKey.PublicKeySpki, tree.Key!.PublicKeySpki);
        Assert.Equal(NextKey.Signer, tree.Key.Signer);
    }
}
