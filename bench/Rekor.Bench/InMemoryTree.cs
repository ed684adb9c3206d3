using System.Buffers.Binary;
using Rekor.Core.Merkle;

namespace Rekor.Bench;

/// <summary>
/// Every perfect subtree of a tree held in arrays, one per level: the fastest possible node source, so that what is
/// measured is the proof code and the hashing it must do, not storage. Leaf i is HashLeaf(i as 8 big-endian bytes).
/// </summary>
internal sealed class InMemoryTree
{
    private readonly Hash32[][] _levels;

    private InMemoryTree(long size, Hash32[][] levels)
    {
        Size = size;
        _levels = levels;
    }

    public long Size { get; }

    public static InMemoryTree Build(long size)
    {
        var levels = new List<Hash32[]>();
        var leaves = new Hash32[size];
        Span<byte> leaf = stackalloc byte[8];
        for (long i = 0; i < size; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(leaf, i);
            leaves[i] = Rfc6962.HashLeaf(leaf);
        }

        levels.Add(leaves);
        for (var below = leaves; below.Length > 1;)
        {
            var level = new Hash32[below.Length / 2];
            for (var j = 0; j < level.Length; j++)
            {
                level[j] = Rfc6962.HashChildren(below[2 * j], below[(2 * j) + 1]);
            }

            levels.Add(level);
            below = level;
        }

        return new InMemoryTree(size, [.. levels]);
    }

    public Hash32 Node(NodeId node) => _levels[node.Level][node.Index];

    public Hash32 Leaf(long index) => _levels[0][index];
}
