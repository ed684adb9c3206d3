namespace Rekor.Server.Storage;

/// <summary>
/// One batch's write: holds the tree's write lock from <see cref="ILogStorage.BeginWriteAsync"/> until
/// <see cref="CommitAsync"/> returns or the transaction is disposed (which rolls back anything uncommitted).
/// </summary>
public interface ILogWriteTransaction : IAsyncDisposable
{
    /// <summary>The committed head, read under the lock: no other writer can move it while this transaction lives.</summary>
    TreeHead Head { get; }

    /// <summary>The tree's state, read under the lock: an inactive tree was frozen by a rotation and takes no batch.</summary>
    TreeState State { get; }

    /// <summary>
    /// Writes the batch (entries, tiles, index keys, new head and checkpoint) and commits, all or nothing.
    /// <see cref="BatchWrite.ExpectedSize"/> must be <see cref="Head"/>'s size. Returns <see cref="BatchRejection.DuplicateLeaf"/>
    /// (nothing written) if a leaf is already in the tree. An exception from the commit itself leaves its outcome
    /// unknown: the caller must read the store back to learn it.
    /// </summary>
    Task<BatchRejection> CommitAsync(BatchWrite batch, CancellationToken cancellationToken);

    /// <summary>
    /// Shard rotation: freezes this (active) tree at <see cref="Head"/>, whose signed checkpoint becomes its last, and
    /// makes <see cref="TreeRotation.NewTreeId"/> the active tree, empty, with its key; all in one commit. Writers
    /// waiting for this tree's lock then find it inactive and move to the new tree. Uses the transaction up.
    /// </summary>
    Task RotateAsync(TreeRotation rotation, CancellationToken cancellationToken);
}

/// <summary>The rule every <see cref="ILogWriteTransaction"/> enforces before it writes: one batch, for the head it holds.</summary>
public static class LogWriteRules
{
    /// <summary>Throws unless <paramref name="batch"/> extends <paramref name="head"/> and the transaction was not <paramref name="used"/> before.</summary>
    public static void CheckBatchFor(TreeHead head, TreeState state, BatchWrite batch, bool used)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(batch);
        if (used || batch.TreeId != head.TreeId || batch.ExpectedSize != head.Size)
        {
            throw new InvalidOperationException($"couldn't commit a batch at size {batch.ExpectedSize} of tree {batch.TreeId}: this write holds tree {head.TreeId} at size {head.Size}{(used ? " and was already used" : string.Empty)}");
        }

        if (state != TreeState.Active)
        {
            throw new InvalidOperationException($"couldn't commit a batch to tree {head.TreeId}: a rotation made it inactive (read-only)");
        }
    }

    /// <summary>Throws unless the transaction may rotate: unused, on the active tree, whose head has a signed checkpoint to freeze at.</summary>
    public static void CheckRotationOf(TreeHead head, TreeState state, TreeRotation rotation, bool used)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(rotation);
        if (used || state != TreeState.Active || head.Checkpoint is null || rotation.NewTreeId == head.TreeId || rotation.NewTreeId <= 0)
        {
            throw new InvalidOperationException(
                $"couldn't rotate tree {head.TreeId} (state {state}, size {head.Size}{(head.Checkpoint is null ? ", no checkpoint" : string.Empty)}) to tree {rotation.NewTreeId}"
                + (used ? ": this write was already used" : string.Empty));
        }
    }
}


/// <summary>The single-call form of a batch write, for callers that hold no lock of their own.</summary>
public static class LogStorageWrites
{
    /// <summary>Commits <paramref name="batch"/> if the head is still at its expected size; <see cref="BatchRejection.HeadMoved"/> otherwise.</summary>
    public static async Task<BatchRejection> CommitBatchAsync(this ILogStorage storage, BatchWrite batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(batch);
        await using var write = await storage.BeginWriteAsync(batch.TreeId, cancellationToken);
        return write.Head.Size != batch.ExpectedSize ? BatchRejection.HeadMoved : await write.CommitAsync(batch, cancellationToken);
    }
}
