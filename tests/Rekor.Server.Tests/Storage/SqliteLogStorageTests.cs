using System.Security.Cryptography;
using Rekor.Core.Merkle;
using Rekor.Server.Storage;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Server.Tests.Storage;

public sealed class SqliteLogStorageTests : IAsyncLifetime, IDisposable
{
    private const long Tree = 42;
    private readonly TemporaryDirectory _directory = new();
    private SqliteLogStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = new SqliteLogStorage(_directory.File("log.db"));
        await _storage.InitializeAsync(CancellationToken.None);
        await _storage.CreateTreeAsync(Tree, TreeState.Active, Rfc6962.EmptyRoot, "empty", CancellationToken.None);
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_committed_batch_is_read_back_whole()
    {
        var batch = Batch(expectedSize: 0, count: 3);

        Assert.Equal(BatchRejection.None, await _storage.CommitBatchAsync(batch, CancellationToken.None));

        var head = await _storage.ReadHeadAsync(Tree, CancellationToken.None);
        Assert.Equal(3, head!.Size);
        Assert.Equal(batch.NewHead.Root, head.Root);
        var entry = await _storage.ReadEntryAsync(Tree, 2, CancellationToken.None);
        Assert.Equal(batch.Entries[2].Body, entry!.Body);
        Assert.Equal(batch.Entries[2].SignedEntryTimestamp, entry.SignedEntryTimestamp);
        Assert.Equal(batch.NewHead.Checkpoint, await _storage.ReadCheckpointAsync(Tree, 3, CancellationToken.None));
        Assert.Equal(batch.Tiles[0].Hashes, (await _storage.ReadTileAsync(Tree, 0, 0, CancellationToken.None))!.Hashes);
    }

    [Fact]
    public async Task A_batch_against_a_moved_head_is_refused_and_changes_nothing()
    {
        await _storage.CommitBatchAsync(Batch(0, 2), CancellationToken.None);

        var stale = Batch(expectedSize: 0, count: 1, salt: "other");
        Assert.Equal(BatchRejection.HeadMoved, await _storage.CommitBatchAsync(stale, CancellationToken.None));

        Assert.Equal(2, (await _storage.ReadHeadAsync(Tree, CancellationToken.None))!.Size);
        Assert.Empty(await _storage.FindLeavesAsync(Tree, [stale.Entries[0].LeafHash], CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_holding_a_leaf_already_present_is_refused_whole()
    {
        var first = Batch(0, 2);
        await _storage.CommitBatchAsync(first, CancellationToken.None);
        var repeat = Batch(2, 2) with { Entries = [Batch(2, 1, "fresh").Entries[0] with { Index = 2 }, first.Entries[0] with { Index = 3 }] };

        Assert.Equal(BatchRejection.DuplicateLeaf, await _storage.CommitBatchAsync(repeat, CancellationToken.None));

        Assert.Equal(2, (await _storage.ReadHeadAsync(Tree, CancellationToken.None))!.Size);
        Assert.Null(await _storage.ReadEntryAsync(Tree, 2, CancellationToken.None));
    }

    [Fact]
    public async Task Leaves_are_found_by_hash_with_their_index()
    {
        var batch = Batch(0, 4);
        await _storage.CommitBatchAsync(batch, CancellationToken.None);

        var found = await _storage.FindLeavesAsync(Tree, [batch.Entries[3].LeafHash, Rfc6962.HashLeaf("absent"u8)], CancellationToken.None);

        Assert.Equal(new Dictionary<Hash32, long> { [batch.Entries[3].LeafHash] = 3 }, found);
    }

    [Fact]
    public async Task A_full_tile_is_never_overwritten()
    {
        var full = new Tile(0, 0, 256, RandomNumberGenerator.GetBytes(256 * 32));
        await _storage.CommitBatchAsync(Batch(0, 1) with { Tiles = [full] }, CancellationToken.None);

        var rewrite = new Tile(0, 0, 256, RandomNumberGenerator.GetBytes(256 * 32));
        await _storage.CommitBatchAsync(Batch(1, 1, "later") with { Tiles = [rewrite] }, CancellationToken.None);

        Assert.Equal(full.Hashes, (await _storage.ReadTileAsync(Tree, 0, 0, CancellationToken.None))!.Hashes);
    }

    [Fact]
    public async Task Search_keys_written_with_a_batch_are_found_case_insensitively()
    {
        var batch = Batch(0, 1) with { Entries = [Batch(0, 1).Entries[0] with { IndexKeys = ["SHA256:ABCD", "alice@example.com"] }] };
        await _storage.CommitBatchAsync(batch, CancellationToken.None);

        var ids = await new SqliteSearchIndex(_directory.File("log.db")).LookupAsync(["sha256:abcd"], CancellationToken.None);

        Assert.Equal(["000000000000002a" + batch.Entries[0].LeafHash.ToHex()], ids);
    }

    [Fact]
    public async Task Entries_beyond_the_head_are_invisible_and_discarded_on_recovery()
    {
        await _storage.CommitBatchAsync(Batch(0, 2), CancellationToken.None);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _directory.File("log.db")))
        {
            // What a writer that died mid-way could leave if a store did not commit atomically.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO entries (tree_id, idx, leaf_hash, body, integrated_time, set_signature) VALUES (42, 2, x'00', x'00', 0, x'00')";
            command.ExecuteNonQuery();
        }

        Assert.Null(await _storage.ReadEntryAsync(Tree, 2, CancellationToken.None));
        Assert.Equal(1, await _storage.DiscardBeyondHeadAsync(Tree, CancellationToken.None));
    }

    [Fact]
    public async Task Creating_an_active_tree_makes_the_previous_one_inactive()
    {
        await _storage.CreateTreeAsync(43, TreeState.Active, Rfc6962.EmptyRoot, null, CancellationToken.None);

        var trees = await _storage.ListTreesAsync(CancellationToken.None);

        Assert.Equal([(42L, TreeState.Inactive), (43L, TreeState.Active)], trees.Select(t => (t.TreeId, t.State)));
    }

    /// <summary>A batch of made-up but self-consistent entries (the storage does not check Merkle math).</summary>
    private static BatchWrite Batch(long expectedSize, int count, string salt = "")
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
