using Rekor.Core.Verification;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// The contract of the index outbox: committed entries only, in index order, with their 80-hex entry IDs and the keys
/// they were committed with, from each consumer's saved position; the position moves by compare-and-set.
/// </summary>
public abstract partial class LogStorageContract
{
    private const string Consumer = "redis";

    [Fact]
    public async Task The_outbox_holds_committed_entries_in_index_order_with_their_ids_and_keys()
    {
        var first = Batch(0, 3);
        first = first with { Entries = [.. first.Entries.Select((e, i) => e with { IndexKeys = ["sha256:" + i, "subject \"ü\" " + i] })] };
        var second = Batch(3, 2, "second");
        await Storage.CommitBatchAsync(first, CancellationToken.None);
        await Storage.CommitBatchAsync(second, CancellationToken.None);
        await WriteDebrisAsync(Storage, Tree, 5);

        var backlog = await Storage.ReadIndexBacklogAsync(Consumer, Tree, 100, CancellationToken.None);

        var committed = first.Entries.Concat(second.Entries).ToList();
        Assert.Equal(0, backlog.Position);
        Assert.Equal(committed.Select(e => EntryId.ForTree(Tree, e.LeafHash).ToString()), backlog.Entries.Select(e => e.EntryId));
        Assert.All(backlog.Entries, e => Assert.Matches("^[0-9a-f]{80}$", e.EntryId));
        Assert.Equal(committed.Select(e => e.IndexKeys), backlog.Entries.Select(e => e.Keys));
        Assert.Equal(2, (await Storage.ReadIndexBacklogAsync(Consumer, Tree, 2, CancellationToken.None)).Entries.Count);
    }

    [Fact]
    public async Task The_outbox_starts_from_the_saved_position_which_moves_by_compare_and_set()
    {
        var batch = Batch(0, 5);
        await Storage.CommitBatchAsync(batch, CancellationToken.None);

        Assert.True(await Storage.AdvanceIndexPositionAsync(Consumer, Tree, 0, 3, CancellationToken.None));
        var backlog = await Storage.ReadIndexBacklogAsync(Consumer, Tree, 100, CancellationToken.None);
        Assert.Equal(3, backlog.Position);
        Assert.Equal(batch.Entries.Skip(3).Select(e => EntryId.ForTree(Tree, e.LeafHash).ToString()), backlog.Entries.Select(e => e.EntryId));

        // A replica that read position 0 before the advance loses the race and changes nothing.
        Assert.False(await Storage.AdvanceIndexPositionAsync(Consumer, Tree, 0, 5, CancellationToken.None));
        Assert.False(await Storage.AdvanceIndexPositionAsync(Consumer, Tree, 4, 5, CancellationToken.None));
        Assert.Equal(3, (await Storage.ReadIndexBacklogAsync(Consumer, Tree, 100, CancellationToken.None)).Position);

        // Positions are per consumer; -1 resets unconditionally (a reindex).
        Assert.Equal(0, (await Storage.ReadIndexBacklogAsync("other", Tree, 100, CancellationToken.None)).Position);
        Assert.True(await Storage.AdvanceIndexPositionAsync(Consumer, Tree, 3, 5, CancellationToken.None));
        Assert.True(await Storage.AdvanceIndexPositionAsync(Consumer, Tree, -1, 0, CancellationToken.None));
        var reset = await Storage.ReadIndexBacklogAsync(Consumer, Tree, 100, CancellationToken.None);
        Assert.Equal(0, reset.Position);
        Assert.Equal(5, reset.Entries.Count);
    }

    [Fact]
    public async Task Of_two_replicas_advancing_from_the_same_position_exactly_one_wins()
    {
        await Storage.CommitBatchAsync(Batch(0, 4), CancellationToken.None);
        var second = await SecondStoreAsync();
        Assert.True(await Storage.AdvanceIndexPositionAsync(Consumer, Tree, 0, 2, CancellationToken.None));

        var advanced = await Task.WhenAll(
            Task.Run(() => Storage.AdvanceIndexPositionAsync(Consumer, Tree, 2, 4, CancellationToken.None)),
            Task.Run(() => second.AdvanceIndexPositionAsync(Consumer, Tree, 2, 3, CancellationToken.None)));

        Assert.Single(advanced, a => a);
        Assert.Equal(advanced[0] ? 4 : 3, (await second.ReadIndexBacklogAsync(Consumer, Tree, 100, CancellationToken.None)).Position);
    }
}
