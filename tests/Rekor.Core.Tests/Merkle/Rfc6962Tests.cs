using System.Security.Cryptography;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

public class Rfc6962Tests
{
    [Fact]
    public void The_empty_root_is_the_sha256_of_no_bytes()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Rfc6962.EmptyRoot.ToHex());
        Assert.Equal(Rfc6962ReferenceVectors.Roots[0], Rfc6962.EmptyRoot);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(64 * 1024)]
    [InlineData((64 * 1024) + 1)]
    [InlineData(1 << 20)]
    public void A_leaf_hash_is_sha256_of_a_zero_byte_then_the_leaf_at_every_size(int length)
    {
        var leaf = new byte[length];
        new Random(length).NextBytes(leaf);

        var expected = SHA256.HashData([0x00, .. leaf]);

        Assert.Equal(Convert.ToHexStringLower(expected), Rfc6962.HashLeaf(leaf).ToHex());
    }

    [Fact]
    public void A_node_hash_is_sha256_of_a_one_byte_then_left_then_right()
    {
        var left = Rfc6962.HashLeaf([1]);
        var right = Rfc6962.HashLeaf([2]);

        var expected = SHA256.HashData([0x01, .. left.ToArray(), .. right.ToArray()]);

        Assert.Equal(Convert.ToHexStringLower(expected), Rfc6962.HashChildren(left, right).ToHex());
        Assert.NotEqual(Rfc6962.HashChildren(left, right), Rfc6962.HashChildren(right, left));
    }

    [Fact]
    public void Leaf_hashes_match_the_published_rfc6962_vectors()
    {
        for (var i = 0; i < Rfc6962ReferenceVectors.Leaves.Length; i++)
        {
            Assert.Equal(Rfc6962ReferenceVectors.NodeHashes[0][i], Rfc6962.HashLeaf(Rfc6962ReferenceVectors.Leaves[i]));
        }
    }

    [Fact]
    public void Every_interior_node_of_the_published_tree_is_the_hash_of_its_children()
    {
        var nodes = Rfc6962ReferenceVectors.NodeHashes;
        for (var level = 1; level < nodes.Length; level++)
        {
            for (var i = 0; i < nodes[level].Length; i++)
            {
                Assert.Equal(nodes[level][i], Rfc6962.HashChildren(nodes[level - 1][2 * i], nodes[level - 1][(2 * i) + 1]));
            }
        }
    }

    [Fact]
    public void Hashing_small_leaves_and_nodes_allocates_nothing()
    {
        var leaf = new byte[200];
        var hash = Rfc6962.HashLeaf(leaf);
        hash = Rfc6962.HashChildren(hash, hash);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            hash = Rfc6962.HashChildren(hash, Rfc6962.HashLeaf(leaf));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(default, hash);
    }
}
