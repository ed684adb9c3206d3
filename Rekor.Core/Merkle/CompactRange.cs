using System.Numerics;
using System.Runtime.InteropServices;

namespace Rekor.Core.Merkle;

/// <summary>
/// The right edge of a growing log: the hashes of the perfect subtrees that decompose [0, <see cref="Size"/>), one per
/// set bit of the size, largest (leftmost) first. That is all a sequencer needs to append leaves and compute roots, in
/// O(log n) memory.
/// </summary>
/// <remarks>
/// Invariant: <c>_nodes[k]</c> is the hash of <c>NodesFor(Size)[k]</c>, and <c>_nodes.Count == PopCount(Size)</c>.
/// Not thread-safe: one owner (the sequencer) appends; hand others a <see cref="Clone"/>.
/// </remarks>
public sealed class CompactRange
{
    private readonly List<Hash32> _nodes;

    /// <summary>The empty tree.</summary>
    public CompactRange()
        : this(0, [])
    {
    }

    private CompactRange(long size, List<Hash32> nodes)
    {
        Size = size;
        _nodes = nodes;
    }

    /// <summary>How many leaves the tree has.</summary>
    public long Size { get; private set; }

    /// <summary>The hashes of <see cref="NodesFor"/>(<see cref="Size"/>), left to right: a snapshot, which later
    /// appends do not change (so it can be stored as it is).</summary>
    public IReadOnlyList<Hash32> Nodes => _nodes.ToArray();

    /// <summary>Restores a range from stored state: <paramref name="nodes"/> are the hashes of
    /// <see cref="NodesFor"/>(<paramref name="size"/>), left to right. Their values cannot be checked here; their
    /// number is.</summary>
    /// <exception cref="ArgumentOutOfRangeException">if size is negative.</exception>
    /// <exception cref="ArgumentException">if the number of nodes is not the number of set bits of size.</exception>
    public static CompactRange FromNodes(long size, IReadOnlyList<Hash32> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(nodes);
        var expected = BitOperations.PopCount((ulong)size);
        if (nodes.Count != expected)
        {
            throw new ArgumentException($"a tree of {size} leaves has a right edge of {expected} nodes, not {nodes.Count}", nameof(nodes));
        }

        return new CompactRange(size, [.. nodes]);
    }

    /// <summary>The perfect subtrees decomposing [0, <paramref name="size"/>), largest (leftmost) first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">if size is negative.</exception>
    public static IReadOnlyList<NodeId> NodesFor(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var nodes = new NodeId[PerfectSubtrees.Count(0, size)];
        PerfectSubtrees.Write(0, size, nodes);
        return nodes;
    }

    /// <summary>Appends one leaf. <paramref name="onCompletedNode"/> hears of every perfect subtree this append
    /// completes, bottom up: the leaf itself at level 0, then each parent whose last leaf it is. Every perfect subtree
    /// of the log is reported exactly once over the log's life, which is what lets the sequencer write immutable
    /// tiles.</summary>
    public void Append(in Hash32 leafHash, Action<NodeId, Hash32>? onCompletedNode = null)
    {
        var index = Size;
        var hash = leafHash;
        onCompletedNode?.Invoke(new NodeId(0, index), hash);

        // Each trailing 1 bit of the old size is a left sibling on the edge that the new node now completes.
        var level = 0;
        while (((index >> level) & 1) == 1)
        {
            hash = Rfc6962.HashChildren(_nodes[^1], hash);
            _nodes.RemoveAt(_nodes.Count - 1);
            level++;
            onCompletedNode?.Invoke(new NodeId(level, index >> level), hash);
        }

        _nodes.Add(hash);
        Size = index + 1;
    }

    /// <summary>The RFC 6962 root of the tree: <see cref="Rfc6962.EmptyRoot"/> for the empty tree.</summary>
    public Hash32 Root() =>
        _nodes.Count == 0 ? Rfc6962.EmptyRoot : PerfectSubtrees.Fold(CollectionsMarshal.AsSpan(_nodes));

    /// <summary>An independent copy.</summary>
    public CompactRange Clone() => new(Size, [.. _nodes]);
}
