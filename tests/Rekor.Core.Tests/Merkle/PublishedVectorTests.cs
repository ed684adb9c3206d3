using Rekor.Core.Merkle;
using V = Rekor.Core.Tests.Merkle.Rfc6962ReferenceVectors;

namespace Rekor.Core.Tests.Merkle;

/// <summary>The published RFC 6962 vectors (see <see cref="Rfc6962ReferenceVectors"/> for their source), and the
/// corruptions transparency-dev/merkle's verify_test.go requires every verifier to reject.</summary>
public class PublishedVectorTests
{
    [Fact]
    public void Root_plans_give_the_published_root_for_every_size_from_0_to_8()
    {
        for (var size = 0; size <= 8; size++)
        {
            var root = Assert.Single(MerkleProofs.Root(size).Fetch(V.Node));
            Assert.Equal(V.Roots[size], root);
        }
    }

    [Fact]
    public void Appending_the_published_leaves_gives_the_published_roots_and_compact_trees()
    {
        var range = new CompactRange();
        Assert.Equal(V.Roots[0], range.Root());
        for (var size = 1; size <= 8; size++)
        {
            range.Append(Rfc6962.HashLeaf(V.Leaves[size - 1]));

            Assert.Equal(V.Roots[size], range.Root());
            Assert.Equal(V.CompactTrees[size].Select(n => V.NodeHashes[n.Level][n.Index]), range.Nodes);
            Assert.Equal(V.CompactTrees[size].Select(n => new NodeId(n.Level, n.Index)), CompactRange.NodesFor(size));
        }
    }

    [Fact]
    public void Inclusion_proofs_equal_the_published_ones_and_verify()
    {
        foreach (var (index, size, published) in V.InclusionProofs)
        {
            var proof = MerkleProofs.Inclusion(index, size, V.Node);
            var leaf = Rfc6962.HashLeaf(V.Leaves[index]);

            Assert.Equal(published, proof);
            Assert.True(MerkleVerifier.VerifyInclusion(index, size, leaf, proof, V.Roots[size]), $"leaf {index} of {size}");
        }
    }

    [Fact]
    public void Every_inclusion_proof_in_the_published_tree_verifies_against_the_published_roots()
    {
        for (var size = 1; size <= 8; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleProofs.Inclusion(index, size, V.Node);
                Assert.True(MerkleVerifier.VerifyInclusion(index, size, V.NodeHashes[0][index], proof, V.Roots[size]), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public void Published_inclusion_proofs_are_rejected_after_each_corruption_the_reference_tests_apply()
    {
        foreach (var (index, size, proof) in V.InclusionProofs)
        {
            var leaf = Rfc6962.HashLeaf(V.Leaves[index]);
            var root = V.Roots[size];
            foreach (var (what, i, n, l, p, r) in InclusionCorruptions(index, size, leaf, proof, root))
            {
                Assert.False(MerkleVerifier.VerifyInclusion(i, n, l, p, r), $"leaf {index} of {size}: {what} verified");
            }
        }
    }

    [Fact]
    public void Consistency_proofs_equal_the_published_ones_and_verify()
    {
        foreach (var (oldSize, newSize, published) in V.ConsistencyProofs)
        {
            var proof = MerkleProofs.Consistency(oldSize, newSize, V.Node);

            Assert.Equal(published, proof);
            Assert.True(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof, V.Roots[oldSize], V.Roots[newSize]), $"{oldSize} -> {newSize}");
        }
    }

    [Fact]
    public void Every_consistency_proof_in_the_published_tree_verifies_against_the_published_roots()
    {
        for (var newSize = 1; newSize <= 8; newSize++)
        {
            for (var oldSize = 1; oldSize <= newSize; oldSize++)
            {
                var proof = MerkleProofs.Consistency(oldSize, newSize, V.Node);
                Assert.True(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof, V.Roots[oldSize], V.Roots[newSize]), $"{oldSize} -> {newSize}");
            }
        }
    }

    [Fact]
    public void Published_consistency_proofs_are_rejected_after_each_corruption_the_reference_tests_apply()
    {
        foreach (var (oldSize, newSize, proof) in V.ConsistencyProofs.Where(v => v.Proof.Length > 0))
        {
            foreach (var (what, m, n, p, r1, r2) in ConsistencyCorruptions(oldSize, newSize, proof, V.Roots[oldSize], V.Roots[newSize]))
            {
                Assert.False(MerkleVerifier.VerifyConsistency(m, n, p, r1, r2), $"{oldSize} -> {newSize}: {what} verified");
            }
        }
    }

    [Fact]
    public void The_reference_tests_invalid_inclusion_probes_are_rejected()
    {
        // verify_test.go TestVerifyInclusion: sizes and indexes with an empty proof, against a root no leaf gives.
        foreach (var (index, size) in new (long, long)[] { (0, 0), (0, 1), (1, 0), (2, 1) })
        {
            Assert.False(MerkleVerifier.VerifyInclusion(index, size, V.SomeHash, [], V.Roots[0]));
            Assert.False(MerkleVerifier.TryRootFromInclusionProof(index, size, V.SomeHash, [V.SomeHash], out _));
        }
    }

    [Fact]
    public void The_reference_tests_trivial_consistency_probes_behave_as_rekor_requires()
    {
        var (root1, root2) = (V.Roots[1], V.Roots[2]);

        Assert.True(MerkleVerifier.VerifyConsistency(1, 1, [], root2, root2));
        Assert.False(MerkleVerifier.VerifyConsistency(1, 1, [], root1, root2));
        Assert.False(MerkleVerifier.VerifyConsistency(1, 1, [V.Roots[0]], V.Roots[0], V.Roots[0]));
        Assert.False(MerkleVerifier.VerifyConsistency(1, 0, [], root1, root2));
        Assert.False(MerkleVerifier.VerifyConsistency(2, 1, [], root1, root2));
        Assert.False(MerkleVerifier.VerifyConsistency(1, 2, [], root1, root2));

        // transparency-dev accepts 0 -> 0 with equal roots; Rekor treats an old size of 0 as unsupported.
        Assert.False(MerkleVerifier.VerifyConsistency(0, 0, [], root1, root1));
        Assert.False(MerkleVerifier.VerifyConsistency(0, 1, [], root1, root2));
    }

    private static IEnumerable<(string What, long Index, long Size, Hash32 Leaf, Hash32[] Proof, Hash32 Root)> InclusionCorruptions(
        long index, long size, Hash32 leaf, Hash32[] proof, Hash32 root)
    {
        yield return ("index - 1", index - 1, size, leaf, proof, root);
        yield return ("index + 1", index + 1, size, leaf, proof, root);
        yield return ("index ^ 2", index ^ 2, size, leaf, proof, root);
        yield return ("size * 2", index, size * 2, leaf, proof, root);
        yield return ("size / 2", index, size / 2, leaf, proof, root);
        yield return ("wrong leaf", index, size, V.SomeHash, proof, root);
        yield return ("empty root", index, size, leaf, proof, V.Roots[0]);
        yield return ("random root", index, size, leaf, proof, V.SomeHash);
        yield return ("trailing garbage", index, size, leaf, [.. proof, V.SomeHash], root);
        yield return ("trailing root", index, size, leaf, [.. proof, root], root);
        yield return ("preceding garbage", index, size, leaf, [V.SomeHash, .. proof], root);
        yield return ("preceding root", index, size, leaf, [root, .. proof], root);
        for (var i = 0; i < proof.Length; i++)
        {
            yield return ($"proof[{i}] bit 3 flipped", index, size, leaf, ProofTampering.FlipBit(proof, i, 0, 3), root);
        }

        if (proof.Length > 0)
        {
            yield return ("removed component", index, size, leaf, proof[..^1], root);
        }

        if (proof.Length > 1)
        {
            yield return ("inserted component", index, size, leaf, [proof[0], V.SomeHash, .. proof[1..]], root);
        }
    }

    private static IEnumerable<(string What, long OldSize, long NewSize, Hash32[] Proof, Hash32 OldRoot, Hash32 NewRoot)> ConsistencyCorruptions(
        long oldSize, long newSize, Hash32[] proof, Hash32 oldRoot, Hash32 newRoot)
    {
        yield return ("size1 - 1", oldSize - 1, newSize, proof, oldRoot, newRoot);
        yield return ("size1 + 1", oldSize + 1, newSize, proof, oldRoot, newRoot);
        yield return ("size1 ^ 2", oldSize ^ 2, newSize, proof, oldRoot, newRoot);
        yield return ("size2 * 2", oldSize, newSize * 2, proof, oldRoot, newRoot);
        yield return ("size2 / 2", oldSize, newSize / 2, proof, oldRoot, newRoot);
        yield return ("wrong root1", oldSize, newSize, proof, V.SomeHash, newRoot);
        yield return ("wrong root2", oldSize, newSize, proof, oldRoot, V.SomeHash);
        yield return ("swapped roots", oldSize, newSize, proof, newRoot, oldRoot);
        yield return ("empty proof", oldSize, newSize, [], oldRoot, newRoot);
        yield return ("trailing garbage", oldSize, newSize, [.. proof, V.SomeHash], oldRoot, newRoot);
        yield return ("trailing root1", oldSize, newSize, [.. proof, oldRoot], oldRoot, newRoot);
        yield return ("trailing root2", oldSize, newSize, [.. proof, newRoot], oldRoot, newRoot);
        yield return ("preceding garbage", oldSize, newSize, [V.SomeHash, .. proof], oldRoot, newRoot);
        yield return ("preceding root1", oldSize, newSize, [oldRoot, .. proof], oldRoot, newRoot);
        yield return ("preceding root2", oldSize, newSize, [newRoot, .. proof], oldRoot, newRoot);
        yield return ("preceding proof[0]", oldSize, newSize, [proof[0], .. proof], oldRoot, newRoot);
        yield return ("truncated proof", oldSize, newSize, proof[..^1], oldRoot, newRoot);
        for (var i = 0; i < proof.Length; i++)
        {
            yield return ($"proof[{i}] bit 4 flipped", oldSize, newSize, ProofTampering.FlipBit(proof, i, 0, 4), oldRoot, newRoot);
        }
    }
}
