using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>The contract of plans themselves: what planning refuses, what assembling expects, and that the arithmetic
/// holds at the largest tree a long can count.</summary>
public class ProofPlanTests
{
    [Fact]
    public void Planning_a_proof_outside_the_tree_is_an_argument_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.Inclusion(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.Inclusion(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.Inclusion(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.Consistency(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.Consistency(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.Consistency(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.Root(-1));
    }

    [Fact]
    public void Assembling_from_the_wrong_number_of_hashes_is_an_argument_error()
    {
        var plan = MerkleProofs.Inclusion(2, 5);
        var hash = LazyNodeSource.LeafHash(0);

        Assert.Throws<ArgumentException>(() => plan.Assemble([hash]));
        Assert.Throws<ArgumentException>(() => plan.Assemble(Enumerable.Repeat(hash, plan.Nodes.Count + 1).ToArray()));
        Assert.Throws<ArgumentNullException>(() => MerkleProofs.Inclusion(2, 5, null!));
    }

    [Fact]
    public void The_root_plan_of_the_empty_tree_fetches_nothing_and_gives_the_empty_root()
    {
        var plan = MerkleProofs.Root(0);

        Assert.Empty(plan.Nodes);
        Assert.Equal([Rfc6962.EmptyRoot], plan.Assemble([]));
    }

    [Fact]
    public void Equal_sizes_and_one_leaf_trees_plan_empty_proofs()
    {
        Assert.Empty(MerkleProofs.Consistency(7, 7).Nodes);
        Assert.Empty(MerkleProofs.Consistency(7, 7).Assemble([]));
        Assert.Empty(MerkleProofs.Inclusion(0, 1).Nodes);
        Assert.Empty(MerkleProofs.Inclusion(0, 1).Assemble([]));
    }

    [Fact]
    public void Only_the_one_sibling_that_straddles_the_end_of_the_tree_is_folded_from_several_nodes()
    {
        // Leaf 0 of 7: siblings leaf 1, node [2,4), and [4,7) = node [4,6) + leaf 6, which is no stored node.
        var plan = MerkleProofs.Inclusion(0, 7);

        Assert.Equal([new NodeId(0, 1), new NodeId(1, 1), new NodeId(1, 2), new NodeId(0, 6)], plan.Nodes);
        var fetched = plan.Nodes.Select(NodeSourceExtensions.StandIn).ToArray();
        var proof = plan.Assemble(fetched);
        Assert.Equal([fetched[0], fetched[1], Rfc6962.HashChildren(fetched[2], fetched[3])], proof);
    }

    [Theory]
    [InlineData(0, long.MaxValue)]
    [InlineData(long.MaxValue - 1, long.MaxValue)]
    [InlineData(1L << 62, long.MaxValue)]
    [InlineData((1L << 62) - 1, 1L << 62)]
    [InlineData(12345678901234, 98765432109876)]
    public void Inclusion_plans_for_the_largest_trees_stay_inside_the_tree_and_have_the_length_verifiers_expect(long index, long size)
    {
        var plan = MerkleProofs.Inclusion(index, size);
        InclusionProofTests.AssertNodesInsideTree(plan, size);
        Assert.True(plan.Nodes.Count < 2 * 63);

        var proof = plan.Assemble(plan.Nodes.Select(NodeSourceExtensions.StandIn).ToArray());
        Assert.True(MerkleVerifier.TryRootFromInclusionProof(index, size, LazyNodeSource.LeafHash(0), proof, out _));
        Assert.Equal(NaiveMerkleTree.PathSteps(index, size).Count, proof.Length);
    }

    [Theory]
    [InlineData(1, long.MaxValue)]
    [InlineData(long.MaxValue - 1, long.MaxValue)]
    [InlineData(1L << 62, long.MaxValue)]
    [InlineData((1L << 62) + 1, long.MaxValue)]
    [InlineData(12345678901234, 98765432109876)]
    public void Consistency_and_root_plans_for_the_largest_trees_stay_inside_the_tree(long oldSize, long newSize)
    {
        var plan = MerkleProofs.Consistency(oldSize, newSize);
        InclusionProofTests.AssertNodesInsideTree(plan, newSize);
        InclusionProofTests.AssertNodesInsideTree(MerkleProofs.Root(newSize), newSize);
        InclusionProofTests.AssertNodesInsideTree(MerkleProofs.Root(oldSize), oldSize);

        var proof = plan.Assemble(plan.Nodes.Select(NodeSourceExtensions.StandIn).ToArray());
        Assert.Equal(NaiveMerkleTree.ProofSteps(oldSize, newSize).Count, proof.Length);
    }
}
