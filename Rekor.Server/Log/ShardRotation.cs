using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>What a rotation did: the tree it froze, at which size and root, and the tree it made active with its key.</summary>
public sealed record RotationResult(long FrozenTreeId, long FrozenSize, Hash32 FrozenRoot, string FrozenCheckpoint, long ActiveTreeId, LogKey ActiveKey);

/// <summary>
/// Shard rotation while servers keep writing (better than rekor-server, which needs a restart and a frozen Trillian
/// tree): takes the active tree's write lock — waiting for the batch in progress, so at most one batch waits for the
/// rotation — freezes the tree at its committed head (whose checkpoint, signed with that batch, is the tree's last)
/// and makes a new, empty tree active with its empty checkpoint signed by the new tree's key, all in one commit.
/// Servers waiting for the lock then find the old tree frozen and write their batch to the new tree. An operator
/// action: run against the store (<c>rekor-server rotate</c>), never reachable through the API.
/// </summary>
public static class ShardRotation
{
    /// <summary>
    /// Rotates to a tree with ID <paramref name="newTreeId"/> (0: a random one) signed by <paramref name="signer"/>,
    /// recorded with <paramref name="signerReference"/> so every server can open that key. The new tree's checkpoints
    /// carry the name the active tree's do (servers sign with theirs, which must be the same); <paramref name="hostname"/>
    /// is used only when the active tree has no checkpoint to read it from. Throws
    /// <see cref="InvalidOperationException"/> if the store has no single active tree, the ID is taken, or another
    /// rotation froze the tree first.
    /// </summary>
    public static async Task<RotationResult> RotateAsync(ILogStorage storage, string hostname, ILogSigner signer, string? signerReference, long newTreeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentOutOfRangeException.ThrowIfNegative(newTreeId);
        var trees = await storage.ListTreesAsync(cancellationToken);
        var active = trees.Where(t => t.State == TreeState.Active).ToList();
        if (active.Count != 1)
        {
            throw new InvalidOperationException($"couldn't rotate: the store must have exactly one active tree, but has {active.Count}");
        }

        var nextId = newTreeId != 0 ? newTreeId : TransparencyLog.NewTreeId();
        if (trees.Any(t => t.TreeId == nextId))
        {
            throw new InvalidOperationException($"couldn't rotate: the store already has a tree {nextId}");
        }

        // Signed before the lock is taken, so writers wait only for the commit (a KMS round trip is not on their path).
        var current = await storage.ReadHeadAsync(active[0].TreeId, cancellationToken);
        var name = current?.Checkpoint is { } text && SignedCheckpoint.TryParse(text, out var parsed, out _) && NameOf(parsed.Checkpoint, active[0].TreeId) is { } named ? named : hostname;
        var emptyCheckpoint = await TransparencyLog.SignEmptyCheckpointAsync(name, signer, nextId, cancellationToken);
        var key = new TreeKey(signer.PublicKey.SpkiDer.ToArray(), signerReference);
        await using var write = await storage.BeginWriteAsync(active[0].TreeId, cancellationToken);
        if (write.State != TreeState.Active)
        {
            throw new InvalidOperationException($"couldn't rotate: tree {active[0].TreeId} was frozen by another rotation meanwhile");
        }

        var frozen = write.Head;
        await write.RotateAsync(new TreeRotation(nextId, Rfc6962.EmptyRoot, emptyCheckpoint, key), cancellationToken);
        return new RotationResult(frozen.TreeId, frozen.Size, frozen.Root, frozen.Checkpoint!, nextId, signer.PublicKey);
    }

    /// <summary>The log's name in a checkpoint of tree <paramref name="treeId"/>: its origin is "<c>{name} - {treeId}</c>".</summary>
    private static string? NameOf(Checkpoint checkpoint, long treeId)
    {
        var suffix = " - " + treeId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return checkpoint.Origin.EndsWith(suffix, StringComparison.Ordinal) ? checkpoint.Origin[..^suffix.Length] : null;
    }
}
