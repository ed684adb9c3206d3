using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>One tree of the log and where its indexes start in the global index space.</summary>
public sealed record Shard(long TreeId, TreeState State, long GlobalOffset, long Size);

/// <summary>
/// The shards of the log in creation order: read-only inactive trees, then the one active tree. A global log
/// index is the sum of the earlier shards' sizes plus the index inside the shard (Rekor's virtual index).
/// Inactive sizes never change; the active shard's size is the committed head's.
/// </summary>
public sealed class ShardMap
{
    private readonly IReadOnlyList<Shard> _inactive;

    public ShardMap(IReadOnlyList<Shard> inactive, long activeTreeId)
    {
        ArgumentNullException.ThrowIfNull(inactive);
        _inactive = inactive;
        ActiveTreeId = activeTreeId;
        ActiveOffset = inactive.Sum(s => s.Size);
    }

    public long ActiveTreeId { get; }

    /// <summary>The global index of the active tree's first entry.</summary>
    public long ActiveOffset { get; }

    public IReadOnlyList<Shard> Inactive => _inactive;

    public bool Contains(long treeId) => treeId == ActiveTreeId || _inactive.Any(s => s.TreeId == treeId);

    public long GlobalOffset(long treeId) =>
        treeId == ActiveTreeId ? ActiveOffset : _inactive.FirstOrDefault(s => s.TreeId == treeId)?.GlobalOffset
            ?? throw new ArgumentOutOfRangeException(nameof(treeId), treeId, "not a tree of this log");

    /// <summary>The tree and shard-local index of a global index; the active shard's range is open-ended (check its size).</summary>
    public (long TreeId, long LocalIndex)? Resolve(long globalIndex)
    {
        if (globalIndex < 0)
        {
            return null;
        }

        foreach (var shard in _inactive)
        {
            if (globalIndex < shard.GlobalOffset + shard.Size)
            {
                return (shard.TreeId, globalIndex - shard.GlobalOffset);
            }
        }

        return (ActiveTreeId, globalIndex - ActiveOffset);
    }
}
