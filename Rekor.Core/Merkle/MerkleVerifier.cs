using System.Numerics;

namespace Rekor.Core.Merkle;

/// <summary>
/// Verifies RFC 6962 proofs the way Rekor's clients do (sigstore-js, sigstore-python, rekor-cli via
/// transparency-dev/merkle). Every malformed input (negative or inverted sizes, index past the end, a proof of the
/// wrong length) is an answer of <see langword="false"/>, never an exception: these values come from the network.
/// </summary>
/// <remarks>
/// A proof binds the index and the sizes only through its shape (its length and the left/right order of the hashes).
/// A different tree size that gives the same shape computes the same root, so callers must take the size and root
/// together from one signed checkpoint, as every Sigstore client does.
/// </remarks>
public static class MerkleVerifier
{
    /// <summary>Computes the root that <paramref name="proof"/> implies for <paramref name="leafHash"/> at
    /// <paramref name="index"/> in a tree of <paramref name="treeSize"/> leaves. False, with a default root, when
    /// the index is not in the tree or the proof does not have the length that tree demands.</summary>
    /// <remarks>The proof must hold <c>inner + border</c> hashes, where <c>inner</c> is the bit length of
    /// <c>index ^ (treeSize - 1)</c> and <c>border</c> the number of set bits of <c>index &gt;&gt; inner</c>. The first
    /// <c>inner</c> hashes are siblings on the side bit k of the index says; the rest are left siblings on the tree's
    /// right border.</remarks>
    public static bool TryRootFromInclusionProof(long index, long treeSize, in Hash32 leafHash, ReadOnlySpan<Hash32> proof, out Hash32 root)
    {
        root = default;
        if (index < 0 || index >= treeSize)
        {
            return false;
        }

        var inner = 64 - BitOperations.LeadingZeroCount((ulong)(index ^ (treeSize - 1)));
        var border = BitOperations.PopCount((ulong)(index >> inner));
        if (proof.Length != inner + border)
        {
            return false;
        }

        var hash = leafHash;
        for (var k = 0; k < inner; k++)
        {
            hash = ((index >> k) & 1) == 0 ? Rfc6962.HashChildren(hash, proof[k]) : Rfc6962.HashChildren(proof[k], hash);
        }

        for (var k = inner; k < proof.Length; k++)
        {
            hash = Rfc6962.HashChildren(proof[k], hash);
        }

        root = hash;
        return true;
    }

    /// <summary>True when <paramref name="proof"/> shows <paramref name="leafHash"/> at <paramref name="index"/> in the
    /// tree of <paramref name="treeSize"/> leaves whose root is <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long treeSize, in Hash32 leafHash, ReadOnlySpan<Hash32> proof, in Hash32 root) =>
        TryRootFromInclusionProof(index, treeSize, leafHash, proof, out var computed) && computed == root;

    /// <summary>True when <paramref name="proof"/> shows that the tree of <paramref name="oldSize"/> leaves with root
    /// <paramref name="oldRoot"/> is a prefix of the tree of <paramref name="newSize"/> leaves with root
    /// <paramref name="newRoot"/>, per RFC 9162 §2.1.4.2. Equal sizes need an empty proof and equal roots. An old size
    /// of 0 is refused, as Rekor refuses it (nothing to prove, and no root to compare).</summary>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<Hash32> proof, in Hash32 oldRoot, in Hash32 newRoot)
    {
        if (oldSize < 1 || newSize < oldSize)
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return proof.IsEmpty && oldRoot == newRoot;
        }

        // Length check first (as transparency-dev/merkle does); the RFC loop below would also reject, but later.
        var level = BitOperations.TrailingZeroCount(oldSize);
        var oldIsPerfect = (oldSize & (oldSize - 1)) == 0;
        var start = (oldSize - 1) >> level;
        var inner = 64 - BitOperations.LeadingZeroCount((ulong)(start ^ ((newSize - 1) >> level)));
        var border = BitOperations.PopCount((ulong)(start >> inner));
        if (proof.Length != inner + border + (oldIsPerfect ? 0 : 1))
        {
            return false;
        }

        // RFC 9162 §2.1.4.2. Step 1 prepends the old root when oldSize is a power of two; here that is the seed, and
        // the proof is read from its first element instead of its second.
        var next = oldIsPerfect ? 0 : 1;
        var seed = oldIsPerfect ? oldRoot : proof[0];
        var fr = seed;
        var sr = seed;
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        for (; next < proof.Length; next++)
        {
            if (sn == 0)
            {
                return false;
            }

            var c = proof[next];
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Rfc6962.HashChildren(c, fr);
                sr = Rfc6962.HashChildren(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = Rfc6962.HashChildren(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr == oldRoot && sr == newRoot;
    }
}
