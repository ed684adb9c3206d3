using System.Diagnostics;
using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// The contract for several writers on one database (server replicas): one writer per tree at a time, an abandoned
/// write changes nothing, one first tree however many race to create it, and every commit visible to every store.
/// </summary>
public abstract partial class LogStorageContract
{
    /// <summary>How long a writer that should be waiting for the lock is watched before it counts as waiting.</summary>
    private static readonly TimeSpan Waiting = TimeSpan.FromMilliseconds(300);

    /// <summary>How soon a writer must get the lock once it is free (generous: SQLite polls its lock with backoff).</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_second_writer_waits_for_the_first_and_then_sees_the_head_it_committed()
    {
        var second = await SecondStoreAsync();
        var first = await Storage.BeginWriteAsync(Tree, CancellationToken.None);
        var waiting = Task.Run(() => second.BeginWriteAsync(Tree, CancellationToken.None));
        try
        {
            Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(Waiting)));

            var batch = Batch(0, 2);
            Assert.Equal(BatchRejection.None, await first.CommitAsync(batch, CancellationToken.None));
            var clock = Stopwatch.StartNew();
            await using var next = await waiting.WaitAsync(Promptly);

            Assert.True(clock.Elapsed < Promptly, $"the second writer got the lock {clock.Elapsed} after the commit");
            Assert.Equal(2, next.Head.Size);
            Assert.Equal(batch.NewHead.Root, next.Head.Root);
            Assert.Equal(batch.NewHead.Checkpoint, next.Head.Checkpoint);
        }
        finally
        {
            await first.DisposeAsync();
            await DisposeWhenDoneAsync(waiting);
        }
    }

    [Fact]
    public async Task Disposing_a_write_without_committing_releases_the_lock_and_changes_nothing()
    {
        var second = await SecondStoreAsync();
        var abandoned = await Storage.BeginWriteAsync(Tree, CancellationToken.None);
        var waiting = Task.Run(() => second.BeginWriteAsync(Tree, CancellationToken.None));
        try
        {
            Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(Waiting)));

            await abandoned.DisposeAsync();
            await using (var next = await waiting.WaitAsync(Promptly))
            {
                Assert.Equal(0, next.Head.Size);
                Assert.Equal(Rfc6962.EmptyRoot, next.Head.Root);
            }

            Assert.Equal(0, (await Storage.ReadHeadAsync(Tree, CancellationToken.None))!.Size);
            Assert.Equal(0, await Storage.DiscardBeyondHeadAsync(Tree, CancellationToken.None));
        }
        finally
        {
            await abandoned.DisposeAsync();
            await DisposeWhenDoneAsync(waiting);
        }
    }

    [Fact]
    public async Task A_refused_batch_of_many_statements_leaves_no_row_and_frees_the_lock()
    {
        // 300 entries: more than one multi-row INSERT of a batching store, the duplicate in the last one.
        var first = Batch(0, 1);
        await Storage.CommitBatchAsync(first, CancellationToken.None);
        var fresh = Batch(1, 299, "fresh");
        var refused = fresh with { Entries = [.. fresh.Entries, first.Entries[0] with { Index = 300 }], NewHead = fresh.NewHead with { Size = 301 } };

        Assert.Equal(BatchRejection.DuplicateLeaf, await Storage.CommitBatchAsync(refused, CancellationToken.None));

        var second = await SecondStoreAsync();
        await using (var next = await Task.Run(() => second.BeginWriteAsync(Tree, CancellationToken.None)).WaitAsync(Promptly))
        {
            Assert.Equal(1, next.Head.Size);
        }

        Assert.Empty(await second.FindLeavesAsync(Tree, [.. fresh.Entries.Select(e => e.LeafHash)], CancellationToken.None));
        Assert.Equal(0, await Storage.DiscardBeyondHeadAsync(Tree, CancellationToken.None));
    }

    [Fact]
    public async Task Five_stores_racing_to_create_the_first_tree_create_exactly_one()
    {
        var empty = Track(await CreateStorageAsync());
        await empty.InitializeAsync(CancellationToken.None);
        var stores = Enumerable.Range(0, 5).Select(_ => Track(OpenAnother(empty))).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racers = stores.Select((store, i) => Task.Run(async () =>
        {
            await start.Task;
            return await store.CreateFirstTreeAsync(100 + i, Rfc6962.EmptyRoot, "empty " + i, null, CancellationToken.None);
        })).ToList();
        start.SetResult();
        var created = await Task.WhenAll(racers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(created, c => c);
        var winner = 100 + Array.IndexOf(created, true);
        var trees = await empty.ListTreesAsync(CancellationToken.None);
        Assert.Equal([(winner, TreeState.Active)], trees.Select(t => (t.TreeId, t.State)));
        Assert.Equal("empty " + (winner - 100), (await empty.ReadHeadAsync(winner, CancellationToken.None))!.Checkpoint);
        Assert.False(await stores[0].CreateFirstTreeAsync(200, Rfc6962.EmptyRoot, "late", null, CancellationToken.None));
    }

    [Fact]
    public async Task Five_stores_initializing_one_empty_database_together_all_succeed()
    {
        // Replicas started together each create the schema; creating it is idempotent under races too.
        var empty = Track(await CreateStorageAsync());
        var stores = new[] { empty }.Concat(Enumerable.Range(0, 4).Select(_ => Track(OpenAnother(empty)))).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racers = stores.Select(store => Task.Run(async () =>
        {
            await start.Task;
            await store.InitializeAsync(CancellationToken.None);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(racers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(await empty.ListTreesAsync(CancellationToken.None));
        Assert.True(await stores[4].CreateFirstTreeAsync(7, Rfc6962.EmptyRoot, "empty", null, CancellationToken.None));
        Assert.Equal(0, (await empty.ReadHeadAsync(7, CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task Every_commit_is_read_at_once_from_another_store()
    {
        var second = await SecondStoreAsync();
        for (var size = 0; size < 20; size += 2)
        {
            var batch = Batch(size, 2);
            batch = batch with { Entries = [batch.Entries[0] with { IndexKeys = ["key-" + size] }, batch.Entries[1]] };
            Assert.Equal(BatchRejection.None, await Storage.CommitBatchAsync(batch, CancellationToken.None));

            // Read-your-writes: no replica lags a commit that has returned.
            Assert.Equal(batch.NewHead, await second.ReadHeadAsync(Tree, CancellationToken.None));
            Assert.Equal(batch.Entries[1].Body, (await second.ReadEntryAsync(Tree, size + 1, CancellationToken.None))!.Body);
            Assert.Equal(batch.NewHead.Checkpoint, await second.ReadCheckpointAsync(Tree, size + 2, CancellationToken.None));
            Assert.Equal(batch.Tiles[0].Width, (await second.ReadTileAsync(Tree, 0, 0, CancellationToken.None))!.Width);
            Assert.Equal(size, (await second.FindLeavesAsync(Tree, [batch.Entries[0].LeafHash], CancellationToken.None))[batch.Entries[0].LeafHash]);
            Assert.Single(await LookupAsync(second, ["key-" + size]));
        }
    }

    /// <summary>Releases the lock a writer that was still waiting when a test failed takes later.</summary>
    private static async Task DisposeWhenDoneAsync(Task<ILogWriteTransaction> waiting)
    {
        try
        {
            await (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).DisposeAsync();
        }
        catch (Exception) when (!waiting.IsCompletedSuccessfully)
        {
            // The waiter failed or never got the lock: it holds nothing.
        }
    }
}
