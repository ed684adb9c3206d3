using Rekor.Core.Merkle;

namespace Rekor.Server.Storage;

/// <summary>
/// Where the log keeps its trees. Guarantees every implementation gives:
/// <list type="bullet">
/// <item>Durable before acknowledged: when <see cref="CommitBatchAsync"/> completes successfully, the whole batch
/// survives a process crash and a power loss.</item>
/// <item>All or nothing: a batch's entries, tiles and head are committed in one transaction; after any failure, none
/// of them is visible. A store whose database also holds the search index writes the batch's index keys
/// (<see cref="NewEntry.IndexKeys"/>) in that same transaction (see <see cref="ISearchIndex"/>); a store without one
/// ignores them.</item>
/// <item>Serializable head updates: a batch commits only if the head is still at <see cref="BatchWrite.ExpectedSize"/>,
/// so several writers (server replicas on one database) never interleave indexes.</item>
/// <item>Read-your-writes: once a commit returns, every read (from any connection) sees it.</item>
/// </list>
/// Expected refusals are values (<see cref="BatchRejection"/>); exceptions mean the storage failed.
/// </summary>
public interface ILogStorage : IAsyncDisposable
{
    /// <summary>Creates the schema if it does not exist. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every tree, oldest first.</summary>
    Task<IReadOnlyList<TreeRecord>> ListTreesAsync(CancellationToken cancellationToken);

    /// <summary>Adds a tree with an empty head. Making it active marks every other tree inactive, atomically.</summary>
    Task CreateTreeAsync(long treeId, TreeState state, Hash32 emptyRoot, string? emptyCheckpoint, CancellationToken cancellationToken);

    /// <summary>The committed head of a tree, or null if the tree does not exist.</summary>
    Task<TreeHead?> ReadHeadAsync(long treeId, CancellationToken cancellationToken);

    /// <summary>Which of the given leaf hashes the tree already holds, and at which index.</summary>
    Task<IReadOnlyDictionary<Hash32, long>> FindLeavesAsync(long treeId, IReadOnlyCollection<Hash32> leafHashes, CancellationToken cancellationToken);

    /// <summary>Commits a batch (see the guarantees above). Returns why it was refused, or <see cref="BatchRejection.None"/>.</summary>
    Task<BatchRejection> CommitBatchAsync(BatchWrite batch, CancellationToken cancellationToken);

    /// <summary>The entry at a committed index, or null.</summary>
    Task<StoredEntry?> ReadEntryAsync(long treeId, long index, CancellationToken cancellationToken);

    /// <summary>The tile at (level, index) as last written, or null if none was written yet.</summary>
    Task<Tile?> ReadTileAsync(long treeId, int level, long index, CancellationToken cancellationToken);

    /// <summary>The checkpoint committed with the head of exactly this size, or null.</summary>
    Task<string?> ReadCheckpointAsync(long treeId, long size, CancellationToken cancellationToken);

    /// <summary>Removes rows beyond a tree's committed head (work a crashed writer left). Returns how many.</summary>
    Task<long> DiscardBeyondHeadAsync(long treeId, CancellationToken cancellationToken);
}
