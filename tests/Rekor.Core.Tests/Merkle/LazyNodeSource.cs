using System.Buffers.Binary;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>
/// A node source for large test trees that computes nodes only when asked: leaf i's hash is HashLeaf(i as 8 bytes,
/// big-endian) and a node at level L is the hash of its two children. Nodes at level <see cref="MemoFromLevel"/> and
/// above are memoized, so a tree of a million leaves costs about two million hashes once, and each later query only
/// the few hundred hashes below that level. Stands in for storage: it knows no tree size, like a tile store.
/// </summary>
internal sealed class LazyNodeSource
{
    private const int MemoFromLevel = 8;

    private readonly Dictionary<NodeId, Hash32> _memo = [];

    public static Hash32 LeafHash(long index)
    {
        Span<byte> leaf = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(leaf, index);
        return Rfc6962.HashLeaf(leaf);
    }

    public Hash32 Node(NodeId node)
    {
        if (node.Level == 0)
        {
            return LeafHash(node.Index);
        }

        if (node.Level >= MemoFromLevel && _memo.TryGetValue(node, out var known))
        {
            return known;
        }

        var hash = Rfc6962.HashChildren(
            Node(new NodeId(node.Level - 1, node.Index * 2)),
            Node(new NodeId(node.Level - 1, (node.Index * 2) + 1)));
        if (node.Level >= MemoFromLevel)
        {
            _memo[node] = hash;
        }

        return hash;
    }
}
