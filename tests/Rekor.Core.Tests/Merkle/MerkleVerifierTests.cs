using FsCheck;
using FsCheck.Fluent;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>What the verifiers do with input no honest log sends: they answer false and never throw.</summary>
public class MerkleVerifierTests
{
    private static readonly long[] Awkward = [long.MinValue, -1_000_000, -2, -1, 0, 1, 2, 3, 7, 8, 1000, (1L << 32) + 1, long.MaxValue - 1, long.MaxValue];

    private static readonly Hash32 Leaf = LazyNodeSource.LeafHash(0);

    [Fact]
    public void An_index_outside_the_tree_is_rejected_without_throwing()
    {
        foreach (var (index, size) in new (long, long)[] { (-1, 5), (5, 5), (6, 5), (0, 0), (0, -1), (long.MinValue, long.MaxValue), (long.MaxValue, long.MaxValue), (-1, long.MinValue) })
        {
            Assert.False(MerkleVerifier.TryRootFromInclusionProof(index, size, Leaf, [Leaf, Leaf, Leaf], out var root), $"leaf {index} of {size}");
            Assert.Equal(default, root);
            Assert.False(MerkleVerifier.VerifyInclusion(index, size, Leaf, [Leaf, Leaf, Leaf], Leaf), $"leaf {index} of {size}");
        }
    }

    [Fact]
    public void A_proof_of_the_wrong_length_is_rejected_before_any_hashing()
    {
        // Leaf 2 of 5 needs exactly three hashes.
        for (var length = 0; length < 70; length++)
        {
            var proof = Enumerable.Repeat(Leaf, length).ToArray();
            Assert.Equal(length == 3, MerkleVerifier.TryRootFromInclusionProof(2, 5, Leaf, proof, out _));
        }
    }

    [Fact]
    public void A_single_leaf_tree_has_the_leaf_as_its_root_and_an_empty_proof()
    {
        Assert.True(MerkleVerifier.TryRootFromInclusionProof(0, 1, Leaf, [], out var root));
        Assert.Equal(Leaf, root);
        Assert.True(MerkleVerifier.VerifyInclusion(0, 1, Leaf, [], Leaf));
    }

    [Fact]
    public void Equal_sizes_are_consistent_only_with_an_empty_proof_and_equal_roots()
    {
        var other = LazyNodeSource.LeafHash(1);

        Assert.True(MerkleVerifier.VerifyConsistency(5, 5, [], Leaf, Leaf));
        Assert.False(MerkleVerifier.VerifyConsistency(5, 5, [], Leaf, other));
        Assert.False(MerkleVerifier.VerifyConsistency(5, 5, [Leaf], Leaf, Leaf));
    }

    [Fact]
    public void An_old_size_of_zero_or_a_shrinking_tree_is_never_consistent()
    {
        var empty = Rfc6962.EmptyRoot;

        Assert.False(MerkleVerifier.VerifyConsistency(0, 0, [], empty, empty));
        Assert.False(MerkleVerifier.VerifyConsistency(0, 1, [], empty, Leaf));
        Assert.False(MerkleVerifier.VerifyConsistency(0, 1, [Leaf], empty, Leaf));
        Assert.False(MerkleVerifier.VerifyConsistency(2, 1, [], Leaf, Leaf));
        Assert.False(MerkleVerifier.VerifyConsistency(-1, 5, [Leaf], Leaf, Leaf));
    }

    [Fact]
    public void Arbitrary_sizes_indexes_and_proof_lengths_never_make_a_verifier_throw() =>
        PropertyRun.Check(Prop.ForAll(Probe.ToArbitrary(), p =>
        {
            var proof = Enumerable.Range(0, p.ProofLength).Select(i => LazyNodeSource.LeafHash(i)).ToArray();

            var included = MerkleVerifier.TryRootFromInclusionProof(p.A, p.B, Leaf, proof, out _);
            var consistent = MerkleVerifier.VerifyConsistency(p.A, p.B, proof, Leaf, Leaf);

            if (p.A < 0 || p.A >= p.B)
            {
                Assert.False(included);
            }

            // Leaf and proof hashes are all distinct and no root equals a leaf, so only m == n can pass.
            Assert.Equal(p.A >= 1 && p.A == p.B && p.ProofLength == 0, consistent);
        }), cases: 2000);

    private static Gen<(long A, long B, int ProofLength)> Probe =>
        from a in Gen.OneOf(Gen.Elements(Awkward), Gen.Choose(-10, 2000).Select(i => (long)i))
        from b in Gen.OneOf(Gen.Elements(Awkward), Gen.Choose(-10, 2000).Select(i => (long)i))
        from length in Gen.Choose(0, 70)
        select (a, b, length);
}
