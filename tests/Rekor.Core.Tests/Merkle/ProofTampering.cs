using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>Ways to damage a proof for negative tests. Each returns a new array; the input is never changed.</summary>
internal static class ProofTampering
{
    /// <summary>The proof with one bit of one hash flipped.</summary>
    public static Hash32[] FlipBit(Hash32[] proof, int element, int byteIndex, int bit)
    {
        var bytes = proof[element].ToArray();
        bytes[byteIndex] ^= (byte)(1 << bit);
        var tampered = (Hash32[])proof.Clone();
        tampered[element] = new Hash32(bytes);
        return tampered;
    }

    /// <summary>Every proof that differs from <paramref name="proof"/> in one bit of one hash, one per element
    /// (the bit chosen by <paramref name="random"/>).</summary>
    public static IEnumerable<Hash32[]> EachElementFlipped(Hash32[] proof, Random random)
    {
        for (var i = 0; i < proof.Length; i++)
        {
            yield return FlipBit(proof, i, random.Next(Hash32.Length), random.Next(8));
        }
    }
}
