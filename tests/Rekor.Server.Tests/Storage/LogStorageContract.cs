using System.Security.Cryptography;
using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// What every <see cref="ILogStorage"/> must do, whatever its database: each backend runs this suite through a sealed
/// subclass that says how to make a fresh, empty database and how to open more store objects on it (as several
/// server replicas would). Every test starts with tree <see cref="Tree"/> active and empty in a database of its own.
/// </summary>
public abstract partial class LogStorageContract : IAsyncLifetime
{
    protected const long Tree = 42;

    private readonly List<ILogStorage> _opened = [];

    /// <summary>The store each test starts with, initialized, holding tree <see cref="Tree"/>.</summary>
    protected ILogStorage Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Storage = Track(await CreateStorageAsync());
        await Storage.InitializeAsync(CancellationToken.None);
        await Storage.CreateTreeAsync(Tree, TreeState.Active, Rfc6962.EmptyRoot, "empty", null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }

        await DisposeDatabasesAsync();
    }

    /// <summary>A store (not yet initialized) on a fresh, empty database of its own.</summary>
    protected abstract Task<ILogStorage> CreateStorageAsync();

    /// <summary>Another store object on the database of <paramref name="storage"/>, with connections of its own (another replica).</summary>
    protected abstract ILogStorage OpenAnother(ILogStorage storage);

    /// <summary>The entry IDs the search index kept with the log of <paramref name="storage"/> finds for <paramref name="keys"/>.</summary>
    protected abstract Task<IReadOnlyList<string>> LookupAsync(ILogStorage storage, IReadOnlyCollection<string> keys);

    /// <summary>Writes an entry row at <paramref name="index"/> past the head, bypassing the store: what a writer that died mid-way could leave.</summary>
    protected abstract Task WriteDebrisAsync(ILogStorage storage, long treeId, long index);

    /// <summary>Deletes the databases <see cref="CreateStorageAsync"/> made, once every store on them is disposed.</summary>
    protected abstract Task DisposeDatabasesAsync();

    /// <summary>A store made by <see cref="CreateStorageAsync"/> or <see cref="OpenAnother"/>, disposed with the test.</summary>
    protected ILogStorage Track(ILogStorage storage)
    {
        _opened.Add(storage);
        return storage;
    }

    /// <summary>Another initialized store object on the test's database.</summary>
    protected async Task<ILogStorage> SecondStoreAsync()
    {
        var second = Track(OpenAnother(Storage));
        await second.InitializeAsync(CancellationToken.None);
        return second;
    }

    [Fact]
    public async Task A_committed_batch_is_read_back_whole()
    {
        var batch = Batch(expectedSize: 0, count: 3);

        Assert.Equal(BatchRejection.None, await Storage.CommitBatchAsync(batch, CancellationToken.None));

        var head = await Storage.ReadHeadAsync(Tree, CancellationToken.None);
        Assert.Equal(3, head!.Size);
        Assert.Equal(batch.NewHead.Root, head.Root);
        var entry = await Storage.ReadEntryAsync(Tree, 2, CancellationToken.None);
        Assert.Equal(batch.Entries[2].Body, entry!.Body);
        Assert.Equal(batch.Entries[2].SignedEntryTimestamp, entry.SignedEntryTimestamp);
        Assert.Equal(batch.NewHead.Checkpoint, await Storage.ReadCheckpointAsync(Tree, 3, CancellationToken.None));
        Assert.Equal(batch.Tiles[0].Hashes, (await Storage.ReadTileAsync(Tree, 0, 0, CancellationToken.None))!.Hashes);
    }

    [Fact]
    public async Task A_batch_against_a_moved_head_is_refused_and_changes_nothing()
    {
        await Storage.CommitBatchAsync(Batch(0, 2), CancellationToken.None);

        var stale = Batch(expectedSize: 0, count: 1, salt: "other");
        Assert.Equal(BatchRejection.HeadMoved, await Storage.CommitBatchAsync(stale, CancellationToken.None));

        Assert.Equal(2, (await Storage.ReadHeadAsync(Tree, CancellationToken.None))!.Size);
        Assert.Empty(await Storage.FindLeavesAsync(Tree, [stale.Entries[0].LeafHash], CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_holding_a_leaf_already_present_is_refused_whole()
    {
        var first = Batch(0, 2);
        await Storage.CommitBatchAsync(first, CancellationToken.None);
        var repeat = Batch(2, 2) with { Entries = [Batch(2, 1, "fresh").Entries[0] with { Index = 2 }, first.Entries[0] with { Index = 3 }] };

        Assert.Equal(BatchRejection.DuplicateLeaf, await Storage.CommitBatchAsync(repeat, CancellationToken.None));

        Assert.Equal(2, (await Storage.ReadHeadAsync(Tree, CancellationToken.None))!.Size);
        Assert.Null(await Storage.ReadEntryAsync(Tree, 2, CancellationToken.None));
    }

    [Fact]
    public async Task Leaves_are_found_by_hash_with_their_index()
    {
        var batch = Batch(0, 4);
        await Storage.CommitBatchAsync(batch, CancellationToken.None);

        var found = await Storage.FindLeavesAsync(Tree, [batch.Entries[3].LeafHash, Rfc6962.HashLeaf("absent"u8)], CancellationToken.None);

        Assert.Equal(new Dictionary<Hash32, long> { [batch.Entries[3].LeafHash] = 3 }, found);
    }

    [Fact]
    public async Task A_full_tile_is_never_overwritten()
    {
        var full = new Tile(0, 0, 256, RandomNumberGenerator.GetBytes(256 * 32));
        await Storage.CommitBatchAsync(Batch(0, 1) with { Tiles = [full] }, CancellationToken.None);

        var rewrite = new Tile(0, 0, 256, RandomNumberGenerator.GetBytes(256 * 32));
        await Storage.CommitBatchAsync(Batch(1, 1, "later") with { Tiles = [rewrite] }, CancellationToken.None);

        Assert.Equal(full.Hashes, (await Storage.ReadTileAsync(Tree, 0, 0, CancellationToken.None))!.Hashes);
    }

    [Fact]
    public async Task Search_keys_written_with_a_batch_are_found_case_insensitively()
    {
        var batch = Batch(0, 1) with { Entries = [Batch(0, 1).Entries[0] with { IndexKeys = ["SHA256:ABCD", "alice@example.com"] }] };
        await Storage.CommitBatchAsync(batch, CancellationToken.None);

        var ids = await LookupAsync(Storage, ["sha256:abcd"]);

        Assert.Equal(["000000000000002a" + batch.Entries[0].LeafHash.ToHex()], ids);
    }

    [Fact]
    public async Task Entries_beyond_the_head_are_invisible_and_discarded_on_recovery()
    {
        await Storage.CommitBatchAsync(Batch(0, 2), CancellationToken.None);
        await WriteDebrisAsync(Storage, Tree, 2);

        Assert.Null(await Storage.ReadEntryAsync(Tree, 2, CancellationToken.None));
        Assert.Equal(1, await Storage.DiscardBeyondHeadAsync(Tree, CancellationToken.None));
    }

    [Fact]
    public async Task Creating_an_active_tree_makes_the_previous_one_inactive()
    {
        await Storage.CreateTreeAsync(43, TreeState.Active, Rfc6962.EmptyRoot, null, null, CancellationToken.None);

        var trees = await Storage.ListTreesAsync(CancellationToken.None);

        Assert.Equal([(42L, TreeState.Inactive), (43L, TreeState.Active)], trees.Select(t => (t.TreeId, t.State)));
    }

    /// <summary>A batch of made-up but self-consistent entries (the storage does not check Merkle math).</summary>
    protected static BatchWrite Batch(long expectedSize, int count, string salt = "")
    {
        var entries = Enumerable.Range(0, count).Select(i =>
        {
            var body = System.Text.Encoding.UTF8.GetBytes($"entry {expectedSize + i} {salt}");
            return new NewEntry(expectedSize + i, Rfc6962.HashLeaf(body), body, 1_700_000_000 + i, [1, 2, (byte)i], []);
        }).ToList();
        var tile = new Tile(0, 0, (int)(expectedSize + count), new byte[(expectedSize + count) * 32]);
        var root = Rfc6962.HashLeaf(System.Text.Encoding.UTF8.GetBytes("root " + (expectedSize + count) + salt));
        return new BatchWrite(Tree, expectedSize, entries, [tile], new TreeHead(Tree, expectedSize + count, root, "checkpoint " + (expectedSize + count) + salt));
    }
}
