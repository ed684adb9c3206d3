using System.Numerics;

namespace Rekor.Core.Merkle;

/// <summary>
/// Plans RFC 6962 inclusion and consistency proofs and tree roots in terms of perfect subtrees (<see cref="NodeId"/>),
/// which are what storage holds. The plans are pure arithmetic on sizes and indexes: O(log n) time, no hashing.
/// </summary>
/// <remarks>
/// Both proofs are audit paths. Seen level by level, the path of a node (level ℓ, index j) in a tree of n leaves has,
/// for each level above ℓ where the node's ancestor has a sibling that starts inside the tree, that sibling's MTH, from
/// the bottom up. Let <c>last = (n - 1) &gt;&gt; ℓ</c> be the index of the last leaf's ancestor at level ℓ and
/// <c>inner</c> the bit length of <c>j ^ last</c>. Below level ℓ + inner - 1 every sibling is a perfect subtree; at that
/// level the sibling is the right one and contains the last leaf, so it may be ragged: its MTH is the fold of the right
/// edge [start, n). Above it the path follows the tree's right border, where a sibling exists only on the left (for the
/// set bits of <c>j &gt;&gt; inner</c>) and is perfect. This is RFC 6962 §2.1.1 PATH unrolled; the consistency proof
/// (§2.1.2 SUBPROOF) is the path of the largest perfect subtree that ends at the old size, preceded by that subtree
/// unless it is the whole old tree (old size a power of two), exactly as Trillian and so Rekor produce it.
/// </remarks>
public static class MerkleProofs
{
    /// <summary>Plans the audit path of leaf <paramref name="index"/> in a tree of <paramref name="treeSize"/> leaves.</summary>
    /// <exception cref="ArgumentOutOfRangeException">unless 0 &lt;= index &lt; treeSize.</exception>
    public static ProofPlan Inclusion(long index, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, treeSize);
        return PathOf(0, index, treeSize, includeStart: false);
    }

    /// <summary>Plans the consistency proof from the tree of <paramref name="oldSize"/> leaves to the tree of
    /// <paramref name="newSize"/> leaves: empty when the sizes are equal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">unless 1 &lt;= oldSize &lt;= newSize.</exception>
    public static ProofPlan Consistency(long oldSize, long newSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(oldSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        if (oldSize == newSize)
        {
            return ProofPlan.Empty;
        }

        // The largest perfect subtree ending at oldSize; it is the whole old tree when oldSize is a power of two.
        var level = BitOperations.TrailingZeroCount(oldSize);
        var index = (oldSize >> level) - 1;
        return PathOf(level, index, newSize, includeStart: index != 0);
    }

    /// <summary>Plans the root of a tree of <paramref name="treeSize"/> leaves: one element, the fold of the tree's
    /// right edge, or <see cref="Rfc6962.EmptyRoot"/> for the empty tree.</summary>
    /// <exception cref="ArgumentOutOfRangeException">if treeSize is negative.</exception>
    public static ProofPlan Root(long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        var nodes = new NodeId[PerfectSubtrees.Count(0, treeSize)];
        PerfectSubtrees.Write(0, treeSize, nodes);
        return new ProofPlan(nodes, runStart: 0, runLength: nodes.Length, proofLength: 1);
    }

    /// <summary>The inclusion proof of leaf <paramref name="index"/>, reading perfect-subtree hashes from
    /// <paramref name="node"/>.</summary>
    public static Hash32[] Inclusion(long index, long treeSize, Func<NodeId, Hash32> node) =>
        Inclusion(index, treeSize).Resolve(node);

    /// <summary>The consistency proof between two tree sizes, reading perfect-subtree hashes from
    /// <paramref name="node"/>.</summary>
    public static Hash32[] Consistency(long oldSize, long newSize, Func<NodeId, Hash32> node) =>
        Consistency(oldSize, newSize).Resolve(node);

    /// <summary>The audit path of the perfect subtree (<paramref name="level"/>, <paramref name="index"/>) in a tree of
    /// <paramref name="treeSize"/> leaves, optionally preceded by that subtree itself. Requires the subtree to lie
    /// inside the tree.</summary>
    private static ProofPlan PathOf(int level, long index, long treeSize, bool includeStart)
    {
        var last = (treeSize - 1) >> level;
        var inner = 64 - BitOperations.LeadingZeroCount((ulong)(index ^ last));
        var border = BitOperations.PopCount((ulong)(index >> inner));

        // The one sibling that may straddle the end of the tree: the right sibling at the top inner level.
        long edgeStart = 0;
        var edgeCount = 0;
        if (inner > 0)
        {
            var top = inner - 1;
            edgeStart = ((index >> top) ^ 1) << (level + top);
            edgeCount = PerfectSubtrees.Count(edgeStart, treeSize);
        }

        var start = includeStart ? 1 : 0;
        var perfectBelow = Math.Max(inner - 1, 0);
        var nodes = new NodeId[start + perfectBelow + edgeCount + border];
        var proofLength = start + inner + border;
        if (nodes.Length == 0)
        {
            return ProofPlan.Empty;
        }

        var written = 0;
        if (includeStart)
        {
            nodes[written++] = new NodeId(level, index);
        }

        for (var d = 0; d < perfectBelow; d++)
        {
            nodes[written++] = new NodeId(level + d, (index >> d) ^ 1);
        }

        var runStart = written;
        if (inner > 0)
        {
            written += PerfectSubtrees.Write(edgeStart, treeSize, nodes.AsSpan(written));
        }

        for (var d = inner; (index >> d) != 0; d++)
        {
            if (((index >> d) & 1) != 0)
            {
                nodes[written++] = new NodeId(level + d, (index >> d) ^ 1);
            }
        }

        // With no ragged sibling (inner == 0) the "run" is the first node alone, which folds to itself.
        var runLength = inner > 0 ? edgeCount : 1;
        return new ProofPlan(nodes, inner > 0 ? runStart : 0, runLength, proofLength);
    }
}
