using FsCheck;
using FsCheck.Fluent;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>Inclusion proofs against the naive RFC 6962 PATH, exhaustively on small trees and by property on trees of
/// up to a million leaves.</summary>
[Collection(LargeTreeGroup.Name)]
public class InclusionProofTests(LargeTree largeTree)
{
    private const int LargestLargeTree = 1_000_000;

    private readonly NaiveMerkleTree _naive = new(LazyNodeSource.LeafHash);

    [Fact]
    public void Inclusion_proofs_of_every_leaf_of_every_tree_up_to_300_leaves_equal_the_rfc_path_and_verify()
    {
        for (long size = 1; size <= 300; size++)
        {
            var root = _naive.Mth(0, size);
            for (long index = 0; index < size; index++)
            {
                AssertMatchesNaivePath(index, size, root);
            }
        }
    }

    [Fact]
    public void Inclusion_proofs_of_sampled_leaves_of_every_tree_from_301_to_1000_leaves_equal_the_rfc_path_and_verify() =>
        PropertyRun.Seeded(random =>
        {
            for (long size = 301; size <= 1000; size++)
            {
                var root = _naive.Mth(0, size);
                AssertMatchesNaivePath(0, size, root);
                AssertMatchesNaivePath(size - 1, size, root);
                for (var sample = 0; sample < 16; sample++)
                {
                    AssertMatchesNaivePath(random.NextInt64(size), size, root);
                }
            }
        });

    [Fact]
    public void Root_plans_equal_the_rfc_mth_for_every_size_up_to_1000()
    {
        for (long size = 0; size <= 1000; size++)
        {
            var plan = MerkleProofs.Root(size);
            AssertNodesInsideTree(plan, size);
            Assert.Equal(_naive.Mth(0, size), Assert.Single(plan.Fetch(_naive.Node)));
        }
    }

    [Fact]
    public void Inclusion_proofs_in_trees_of_up_to_a_million_leaves_verify_and_any_flipped_hash_breaks_them()
    {
        var tree = largeTree.Nodes;
        var random = new Random(0);
        PropertyRun.Check(Prop.ForAll(LeafInTree(LargestLargeTree).ToArbitrary(), c =>
        {
            var (index, size) = c;
            var plan = MerkleProofs.Inclusion(index, size);
            AssertNodesInsideTree(plan, size);
            var proof = MerkleProofs.Inclusion(index, size, tree.Node);
            var root = NodeSourceExtensions.RootOf(size, tree.Node);
            var leaf = LazyNodeSource.LeafHash(index);

            Assert.Equal(NaiveMerkleTree.PathSteps(index, size).Count, proof.Length);
            Assert.True(MerkleVerifier.VerifyInclusion(index, size, leaf, proof, root));
            foreach (var tampered in ProofTampering.EachElementFlipped(proof, random))
            {
                Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, tampered, root));
            }

            Assert.False(MerkleVerifier.VerifyInclusion(index, size, LazyNodeSource.LeafHash(index + 1), proof, root));
        }), cases: 300);
    }

    [Fact]
    public void A_proof_verifies_for_no_other_index_of_the_same_tree()
    {
        var tree = largeTree.Nodes;
        PropertyRun.Check(Prop.ForAll(LeafInTree(LargestLargeTree).ToArbitrary(), c =>
        {
            var (index, size) = c;
            var proof = MerkleProofs.Inclusion(index, size, tree.Node);
            var root = NodeSourceExtensions.RootOf(size, tree.Node);
            var leaf = LazyNodeSource.LeafHash(index);
            var random = new Random((int)(index ^ size));

            foreach (var other in new[] { index - 1, index + 1, index ^ 2, index ^ 1, random.NextInt64(size), random.NextInt64(size) })
            {
                if (other != index)
                {
                    Assert.False(MerkleVerifier.VerifyInclusion(other, size, leaf, proof, root), $"verified at index {other}");
                }
            }
        }), cases: 300);
    }

    /// <summary>A proof encodes the tree size only through its shape, so no verifier can reject a size that gives the
    /// same shape (e.g. leaf 0 of 5 and of 6 both combine as right, right, right). The property: the verifier accepts
    /// another size exactly when RFC 6962 PATH has the same steps for it, so doubling or halving always fails.</summary>
    [Fact]
    public void A_proof_verifies_for_another_tree_size_only_when_the_rfc_path_has_the_same_shape()
    {
        var tree = largeTree.Nodes;
        PropertyRun.Check(Prop.ForAll(LeafInTree(LargestLargeTree).ToArbitrary(), c =>
        {
            var (index, size) = c;
            var proof = MerkleProofs.Inclusion(index, size, tree.Node);
            var root = NodeSourceExtensions.RootOf(size, tree.Node);
            var leaf = LazyNodeSource.LeafHash(index);
            var shape = NaiveMerkleTree.PathSteps(index, size);
            var random = new Random((int)(index ^ size));

            Assert.False(MerkleVerifier.VerifyInclusion(index, size * 2, leaf, proof, root), "verified at twice the size");
            Assert.False(MerkleVerifier.VerifyInclusion(index, size / 2, leaf, proof, root), "verified at half the size");
            foreach (var other in new[] { size - 1, size + 1, index + 1 + random.NextInt64(2 * size), random.NextInt64(long.MaxValue) })
            {
                if (other == size)
                {
                    continue;
                }

                var sameShape = index < other && NaiveMerkleTree.PathSteps(index, other).SequenceEqual(shape);
                Assert.True(sameShape == MerkleVerifier.VerifyInclusion(index, other, leaf, proof, root), $"size {other}: same shape {sameShape}");
            }
        }), cases: 300);
    }

    private static Gen<(long Index, long Size)> LeafInTree(int largestSize) =>
        from size in Gen.Choose(1, largestSize)
        from index in Gen.Choose(0, size - 1)
        select ((long)index, (long)size);

    private void AssertMatchesNaivePath(long index, long size, Hash32 root)
    {
        var plan = MerkleProofs.Inclusion(index, size);
        AssertNodesInsideTree(plan, size);

        var proof = plan.Fetch(_naive.Node);
        var expected = _naive.Path(index, size).Select(e => e.Hash);
        Assert.True(expected.SequenceEqual(proof), $"leaf {index} of {size}: proof differs from PATH");
        Assert.True(MerkleVerifier.VerifyInclusion(index, size, _naive.Leaf(index), proof, root), $"leaf {index} of {size}: does not verify");
    }

    internal static void AssertNodesInsideTree(ProofPlan plan, long size)
    {
        foreach (var node in plan.Nodes)
        {
            Assert.True(node.Level >= 0 && node.Index >= 0 && (node.Index + 1) << node.Level <= size, $"{node} is not inside a tree of {size}");
        }
    }
}
