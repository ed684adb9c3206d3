using System.Numerics;

namespace Rekor.Core.Merkle;

/// <summary>
/// The perfect subtrees that make up a range [begin, end) whose begin is aligned to the largest of them, i.e. the right
/// edge of a tree: one node per set bit of <c>end - begin</c>, largest (leftmost) first. RFC 6962's MTH of such a range
/// is the right-to-left fold of those nodes, because MTH always splits off the largest power of two that is smaller
/// than the range, and that is exactly the leftmost node.
/// </summary>
internal static class PerfectSubtrees
{
    /// <summary>How many perfect subtrees [begin, end) decomposes into.</summary>
    public static int Count(long begin, long end) => BitOperations.PopCount((ulong)(end - begin));

    /// <summary>Writes the perfect subtrees of [begin, end) into <paramref name="destination"/>, largest first, and
    /// returns how many. Requires 0 &lt;= begin &lt;= end and begin a multiple of the largest power of two in
    /// <c>end - begin</c> (true for begin = 0, and for the right sibling on any audit path).</summary>
    public static int Write(long begin, long end, Span<NodeId> destination)
    {
        var remaining = (ulong)(end - begin);
        var position = begin;
        var written = 0;
        while (remaining != 0)
        {
            var level = 63 - BitOperations.LeadingZeroCount(remaining);
            destination[written++] = new NodeId(level, position >> level);
            position += 1L << level;
            remaining &= ~(1UL << level);
        }

        return written;
    }

    /// <summary>The MTH of a right edge given the hashes of its nodes, largest first: fold from the right, so the
    /// smallest node is hashed first. One node is its own root; no node is not a tree (the caller handles empty).</summary>
    public static Hash32 Fold(ReadOnlySpan<Hash32> nodes)
    {
        var hash = nodes[^1];
        for (var i = nodes.Length - 2; i >= 0; i--)
        {
            hash = Rfc6962.HashChildren(nodes[i], hash);
        }

        return hash;
    }
}
