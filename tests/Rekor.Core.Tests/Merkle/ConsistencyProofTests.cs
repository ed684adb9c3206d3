using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>Consistency proofs against the naive RFC 6962 PROOF/SUBPROOF, exhaustively on small trees and by property
/// on trees of up to a million leaves.</summary>
[Collection(LargeTreeGroup.Name)]
public class ConsistencyProofTests(LargeTree largeTree)
{
    private const int LargestLargeTree = 1_000_000;

    private readonly NaiveMerkleTree _naive = new(LazyNodeSource.LeafHash);

    [Fact]
    public void Consistency_proofs_between_every_pair_of_sizes_up_to_128_equal_the_rfc_proof_and_verify()
    {
        for (long newSize = 1; newSize <= 128; newSize++)
        {
            for (long oldSize = 1; oldSize <= newSize; oldSize++)
            {
                AssertMatchesNaiveProof(oldSize, newSize);
            }
        }
    }

    [Fact]
    public void Consistency_proofs_into_every_size_from_129_to_1000_from_sampled_old_sizes_equal_the_rfc_proof_and_verify() =>
        PropertyRun.Seeded(random =>
        {
            for (long newSize = 129; newSize <= 1000; newSize++)
            {
                var largestPowerOfTwo = 1L << (63 - BitOperations.LeadingZeroCount((ulong)newSize));
                foreach (var oldSize in new[] { 1, largestPowerOfTwo - 1, largestPowerOfTwo, newSize - 1, newSize, 1 + random.NextInt64(newSize), 1 + random.NextInt64(newSize) })
                {
                    AssertMatchesNaiveProof(oldSize, newSize);
                }
            }
        });

    [Fact]
    public void Consistency_proofs_between_random_sizes_up_to_1000_equal_the_rfc_proof_and_verify() =>
        PropertyRun.Check(Prop.ForAll(SizePair(1000).ToArbitrary(), c => AssertMatchesNaiveProof(c.OldSize, c.NewSize)), cases: 3000);

    [Fact]
    public void The_old_root_is_left_out_exactly_when_the_old_size_is_a_power_of_two()
    {
        for (long newSize = 2; newSize <= 64; newSize++)
        {
            for (long oldSize = 1; oldSize < newSize; oldSize++)
            {
                var first = MerkleProofs.Consistency(oldSize, newSize).Nodes[0];
                var isPowerOfTwo = BitOperations.IsPow2(oldSize);
                var endsAtOldSize = (first.Index + 1) << first.Level == oldSize;
                Assert.True(endsAtOldSize != isPowerOfTwo, $"{oldSize} -> {newSize} starts with {first}");
            }
        }
    }

    [Fact]
    public void Consistency_proofs_in_trees_of_up_to_a_million_leaves_verify_and_any_flipped_hash_breaks_them()
    {
        var tree = largeTree.Nodes;
        var random = new Random(0);
        PropertyRun.Check(Prop.ForAll(SizePair(LargestLargeTree).ToArbitrary(), c =>
        {
            var (oldSize, newSize) = c;
            var plan = MerkleProofs.Consistency(oldSize, newSize);
            InclusionProofTests.AssertNodesInsideTree(plan, newSize);
            var proof = plan.Fetch(tree.Node);
            var oldRoot = NodeSourceExtensions.RootOf(oldSize, tree.Node);
            var newRoot = NodeSourceExtensions.RootOf(newSize, tree.Node);

            Assert.Equal(NaiveMerkleTree.ProofSteps(oldSize, newSize).Count, proof.Length);
            Assert.True(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof, oldRoot, newRoot));
            foreach (var tampered in ProofTampering.EachElementFlipped(proof, random))
            {
                Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, tampered, oldRoot, newRoot));
            }

            if (oldSize != newSize)
            {
                Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof, newRoot, oldRoot));
                Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof.AsSpan(0, proof.Length - 1), oldRoot, newRoot));
                Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, [.. proof, newRoot], oldRoot, newRoot));
            }
        }), cases: 300);
    }

    /// <summary>As for inclusion, a consistency proof binds the sizes only through its shape. The verifier accepts other
    /// sizes exactly when RFC 6962 PROOF has the same steps for them (e.g. 6 -> 7 and 6 -> 8).</summary>
    [Fact]
    public void A_consistency_proof_verifies_for_other_sizes_only_when_the_rfc_proof_has_the_same_shape()
    {
        var tree = largeTree.Nodes;
        PropertyRun.Check(Prop.ForAll(SizePair(LargestLargeTree).ToArbitrary(), c =>
        {
            var (oldSize, newSize) = c;
            var proof = MerkleProofs.Consistency(oldSize, newSize, tree.Node);
            var oldRoot = NodeSourceExtensions.RootOf(oldSize, tree.Node);
            var newRoot = NodeSourceExtensions.RootOf(newSize, tree.Node);
            var shape = NaiveMerkleTree.ProofSteps(oldSize, newSize);
            var random = new Random((int)(oldSize ^ newSize));

            var others = new (long, long)[]
            {
                (oldSize - 1, newSize), (oldSize + 1, newSize), (oldSize ^ 2, newSize), (1 + random.NextInt64(newSize), newSize),
                (oldSize, newSize - 1), (oldSize, newSize + 1), (oldSize, newSize * 2), (oldSize, newSize / 2),
                (oldSize, oldSize + random.NextInt64(2 * newSize)),
            };
            foreach (var (m, n) in others)
            {
                if ((m, n) == (oldSize, newSize))
                {
                    continue;
                }

                var sameShape = m >= 1 && m <= n && NaiveMerkleTree.ProofSteps(m, n).SequenceEqual(shape) && (m != n || oldRoot == newRoot);
                Assert.True(sameShape == MerkleVerifier.VerifyConsistency(m, n, proof, oldRoot, newRoot), $"{m} -> {n}: same shape {sameShape}");
            }
        }), cases: 300);
    }

    private static Gen<(long OldSize, long NewSize)> SizePair(int largestSize) =>
        from newSize in Gen.Choose(1, largestSize)
        from oldSize in Gen.Choose(1, newSize)
        select ((long)oldSize, (long)newSize);

    private void AssertMatchesNaiveProof(long oldSize, long newSize)
    {
        var plan = MerkleProofs.Consistency(oldSize, newSize);
        InclusionProofTests.AssertNodesInsideTree(plan, newSize);

        var proof = plan.Fetch(_naive.Node);
        var expected = _naive.Proof(oldSize, newSize).Select(e => e.Hash);
        Assert.True(expected.SequenceEqual(proof), $"{oldSize} -> {newSize}: proof differs from PROOF");
        Assert.True(
            MerkleVerifier.VerifyConsistency(oldSize, newSize, proof, _naive.Mth(0, oldSize), _naive.Mth(0, newSize)),
            $"{oldSize} -> {newSize}: does not verify");
    }
}
