using Rekor.Core.Signing;
using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>One tree of the log, where its indexes start in the global index space, and the key it is signed with.</summary>
public sealed record Shard(long TreeId, TreeState State, long GlobalOffset, long Size, LogKey Key);

/// <summary>
/// The shards of the log in creation order: read-only inactive trees, then the one active tree. A global log
/// index is the sum of the earlier shards' sizes plus the index inside the shard (Rekor's virtual index).
/// Inactive sizes never change; the active shard's size is the committed head's (its <see cref="Shard.Size"/> is
/// not tracked here). Immutable: a rotation replaces the whole map (<see cref="TransparencyLog.Shards"/>).
/// </summary>
public sealed class ShardMap
{
    private readonly IReadOnlyList<Shard> _inactive;

    public ShardMap(IReadOnlyList<Shard> inactive, long activeTreeId, LogKey activeKey)
    {
        ArgumentNullException.ThrowIfNull(inactive);
        ArgumentNullException.ThrowIfNull(activeKey);
        _inactive = inactive;
        ActiveOffset = inactive.Sum(s => s.Size);
        Active = new Shard(activeTreeId, TreeState.Active, ActiveOffset, -1, activeKey);
    }

    /// <summary>The tree that takes appends; its <see cref="Shard.Size"/> is -1 (read the head).</summary>
    public Shard Active { get; }

    public long ActiveTreeId => Active.TreeId;

    /// <summary>The global index of the active tree's first entry.</summary>
    public long ActiveOffset { get; }

    public IReadOnlyList<Shard> Inactive => _inactive;

    public bool Contains(long treeId) => Find(treeId) is not null;

    /// <summary>The shard of a tree, or null if the tree is not part of this log.</summary>
    public Shard? Find(long treeId) => treeId == Active.TreeId ? Active : _inactive.FirstOrDefault(s => s.TreeId == treeId);

    public long GlobalOffset(long treeId) =>
        Find(treeId)?.GlobalOffset ?? throw new ArgumentOutOfRangeException(nameof(treeId), treeId, "not a tree of this log");

    /// <summary>The key whose log ID a tree's entries carry and which verifies its SETs and checkpoints.</summary>
    public LogKey KeyOf(long treeId) =>
        Find(treeId)?.Key ?? throw new ArgumentOutOfRangeException(nameof(treeId), treeId, "not a tree of this log");

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
