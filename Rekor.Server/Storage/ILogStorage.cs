using Rekor.Core.Merkle;

namespace Rekor.Server.Storage;

/// <summary>
/// Where the log keeps its trees. Guarantees every implementation gives:
/// <list type="bullet">
/// <item>Durable before acknowledged: when <see cref="ILogWriteTransaction.CommitAsync"/> completes successfully, the whole batch
/// survives a process crash and a power loss.</item>
/// <item>All or nothing: a batch's entries, tiles and head are committed in one transaction; after any failure, none
/// of them is visible. A store whose database also holds the search index writes the batch's index keys
/// (<see cref="NewEntry.IndexKeys"/>) in that same transaction (see <see cref="ISearchIndex"/>); a store without one
/// ignores them.</item>
/// <item>One writer per tree at a time: <see cref="BeginWriteAsync"/> takes the tree's write lock in the database and
/// holds it until the batch commits or is abandoned, so several writers (server replicas on one database) take turns,
/// each seeing the head the previous one committed; they never interleave indexes or fork the tree. A writer that dies
/// holding the lock releases it with its connection.</item>
/// <item>Read-your-writes: once a commit returns, every read (from any connection) sees it.</item>
/// </list>
/// Expected refusals are values (<see cref="BatchRejection"/>); exceptions mean the storage failed.
/// </summary>
public interface ILogStorage : IAsyncDisposable
{
    /// <summary>Creates the schema if it does not exist. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The largest entry body (canonical bytes) this store can keep, known once <see cref="InitializeAsync"/> ran: a
    /// larger entry must be refused before it joins a batch, or it would fail the whole batch at commit.
    /// </summary>
    long MaxEntryBytes { get; }

    /// <summary>Every tree, oldest first.</summary>
    Task<IReadOnlyList<TreeRecord>> ListTreesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds a tree with an empty head (and its key, if given). Making it active marks every other tree inactive,
    /// atomically, but without the active tree's write lock: for stores no server is writing to (tests, benchmarks,
    /// operator set-up). A running log changes its active tree with <see cref="ILogWriteTransaction.RotateAsync"/>.
    /// </summary>
    Task CreateTreeAsync(long treeId, TreeState state, Hash32 emptyRoot, string? emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken);

    /// <summary>
    /// Records the key of a tree that has none recorded (a tree created before keys were recorded) and returns the
    /// key on record afterwards: <paramref name="key"/>, or the one recorded before, which is never replaced.
    /// </summary>
    Task<TreeKey> RecordTreeKeyAsync(long treeId, TreeKey key, CancellationToken cancellationToken);

    /// <summary>The committed head of a tree, or null if the tree does not exist.</summary>
    Task<TreeHead?> ReadHeadAsync(long treeId, CancellationToken cancellationToken);

    /// <summary>Which of the given leaf hashes the tree already holds, and at which index.</summary>
    Task<IReadOnlyDictionary<Hash32, long>> FindLeavesAsync(long treeId, IReadOnlyCollection<Hash32> leafHashes, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the first, active tree if the store has no tree at all, atomically with that check (replicas starting
    /// together on an empty database create one tree between them). Returns false if a tree already existed.
    /// </summary>
    Task<bool> CreateFirstTreeAsync(long treeId, Hash32 emptyRoot, string emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the tree's write lock (waiting for any other writer's batch to finish) and reads its head and state under
    /// it. Dispose the transaction to give the lock up without writing. A tree that a rotation made inactive keeps
    /// its lock (so a writer learns of the rotation here), but refuses batches.
    /// </summary>
    Task<ILogWriteTransaction> BeginWriteAsync(long treeId, CancellationToken cancellationToken);

    /// <summary>The entry at a committed index, or null.</summary>
    Task<StoredEntry?> ReadEntryAsync(long treeId, long index, CancellationToken cancellationToken);

    /// <summary>The tile at (level, index) as last written, or null if none was written yet.</summary>
    Task<Tile?> ReadTileAsync(long treeId, int level, long index, CancellationToken cancellationToken);

    /// <summary>The checkpoint committed with the head of exactly this size, or null.</summary>
    Task<string?> ReadCheckpointAsync(long treeId, long size, CancellationToken cancellationToken);

    /// <summary>Removes rows beyond a tree's committed head (work a crashed writer left). Returns how many.</summary>
    Task<long> DiscardBeyondHeadAsync(long treeId, CancellationToken cancellationToken);

    /// <summary>
    /// The index outbox, for a search index kept outside this store: the committed entries of a tree from the
    /// <paramref name="consumer"/>'s saved position on (at most <paramref name="max"/>), with the index keys each was
    /// committed with. The keys are written in the batch's transaction, so the outbox holds every committed entry.
    /// </summary>
    Task<IndexBacklog> ReadIndexBacklogAsync(string consumer, long treeId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a consumer's saved position from <paramref name="fromPosition"/> to <paramref name="toPosition"/>, only if it is still at
    /// <paramref name="fromPosition"/> (replicas feeding the same index race harmlessly: the writes are idempotent and one
    /// advance wins). <paramref name="toPosition"/> 0 with <paramref name="fromPosition"/> -1 resets it unconditionally (reindex).
    /// </summary>
    Task<bool> AdvanceIndexPositionAsync(string consumer, long treeId, long fromPosition, long toPosition, CancellationToken cancellationToken);
}

/// <summary>What <see cref="ILogStorage.ReadIndexBacklogAsync"/> found: the saved position and the entries from it on.</summary>
public sealed record IndexBacklog(long Position, IReadOnlyList<IndexedEntry> Entries);
