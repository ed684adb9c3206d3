using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>
/// The reference the production code is checked against: RFC 6962 §2.1 written as plainly as the RFC states it
/// (MTH, PATH, PROOF/SUBPROOF as recursions on ranges D[begin:end]), sharing nothing with Rekor.Core.Merkle except the
/// two hash functions. Subtree roots are memoized per range only to keep the exhaustive tests fast; that does not
/// change what is computed.
/// </summary>
/// <remarks>
/// Besides hashes, PATH and SUBPROOF report the role of each element (<see cref="Step"/>), which is the proof's
/// "shape": a verifier's result depends only on the hashes and this shape.
/// </remarks>
internal sealed class NaiveMerkleTree(Func<long, Hash32> leafHash)
{
    private readonly Dictionary<(long Begin, long End), Hash32> _subtreeRoots = [];

    /// <summary>What a proof element is to the verifier.</summary>
    public enum Step
    {
        /// <summary>Inclusion: the sibling is on the left. Consistency: a left sibling, part of both trees.</summary>
        Left,

        /// <summary>Inclusion: the sibling is on the right. Consistency: a right sibling, only in the new tree.</summary>
        Right,

        /// <summary>Consistency only: the subtree of the old tree where SUBPROOF stops (m == n with b false).</summary>
        OldSubtree,
    }

    /// <summary>The leaf hash at <paramref name="index"/>: RFC 6962 MTH of a one-element list.</summary>
    public Hash32 Leaf(long index) => leafHash(index);

    /// <summary>RFC 6962 MTH(D[begin:end]).</summary>
    public Hash32 Mth(long begin, long end)
    {
        var n = end - begin;
        if (n == 0)
        {
            return Rfc6962.EmptyRoot;
        }

        if (n == 1)
        {
            return leafHash(begin);
        }

        if (_subtreeRoots.TryGetValue((begin, end), out var known))
        {
            return known;
        }

        var k = LargestPowerOfTwoSmallerThan(n);
        var root = Rfc6962.HashChildren(Mth(begin, begin + k), Mth(begin + k, end));
        _subtreeRoots[(begin, end)] = root;
        return root;
    }

    /// <summary>The root of a perfect subtree, by its definition as the MTH of its leaves.</summary>
    public Hash32 Node(NodeId node) => Mth(node.Index << node.Level, (node.Index + 1) << node.Level);

    /// <summary>RFC 6962 PATH(m, D[n]), leaf to root.</summary>
    public List<(Hash32 Hash, Step Step)> Path(long m, long n) => Path(m, 0, n);

    /// <summary>RFC 6962 PROOF(m, D[n]) = SUBPROOF(m, D[n], true).</summary>
    public List<(Hash32 Hash, Step Step)> Proof(long m, long n) => SubProof(m, 0, n, true);

    // PATH(m, D[n]) for the subtree D[begin:end], m counted from begin:
    //   PATH(0, {d(0)}) = {}
    //   m < k:  PATH(m, D[0:k]) : MTH(D[k:n])
    //   m >= k: PATH(m - k, D[k:n]) : MTH(D[0:k])
    private List<(Hash32, Step)> Path(long m, long begin, long end)
    {
        var n = end - begin;
        if (n == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoSmallerThan(n);
        if (m < k)
        {
            var path = Path(m, begin, begin + k);
            path.Add((Mth(begin + k, end), Step.Right));
            return path;
        }
        else
        {
            var path = Path(m - k, begin + k, end);
            path.Add((Mth(begin, begin + k), Step.Left));
            return path;
        }
    }

    // SUBPROOF(m, D[n], b) for the subtree D[begin:end], m counted from begin:
    //   m == n: {} if b, else {MTH(D[n])}
    //   m <= k: SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
    //   m > k:  SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
    private List<(Hash32, Step)> SubProof(long m, long begin, long end, bool b)
    {
        var n = end - begin;
        if (m == n)
        {
            return b ? [] : [(Mth(begin, end), Step.OldSubtree)];
        }

        var k = LargestPowerOfTwoSmallerThan(n);
        if (m <= k)
        {
            var proof = SubProof(m, begin, begin + k, b);
            proof.Add((Mth(begin + k, end), Step.Right));
            return proof;
        }
        else
        {
            var proof = SubProof(m - k, begin + k, end, false);
            proof.Add((Mth(begin, begin + k), Step.Left));
            return proof;
        }
    }

    /// <summary>The steps of PATH(m, D[n]) alone, without hashing (so it is cheap for any n): the same recursion.</summary>
    public static List<Step> PathSteps(long m, long n)
    {
        if (n == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoSmallerThan(n);
        var steps = m < k ? PathSteps(m, k) : PathSteps(m - k, n - k);
        steps.Add(m < k ? Step.Right : Step.Left);
        return steps;
    }

    /// <summary>The steps of PROOF(m, D[n]) alone, without hashing: the same recursion as SUBPROOF.</summary>
    public static List<Step> ProofSteps(long m, long n) => SubProofSteps(m, n, true);

    private static List<Step> SubProofSteps(long m, long n, bool b)
    {
        if (m == n)
        {
            return b ? [] : [Step.OldSubtree];
        }

        var k = LargestPowerOfTwoSmallerThan(n);
        var steps = m <= k ? SubProofSteps(m, k, b) : SubProofSteps(m - k, n - k, false);
        steps.Add(m <= k ? Step.Right : Step.Left);
        return steps;
    }

    /// <summary>"k is the largest power of two smaller than n (i.e., k &lt; n &lt;= 2k)", for n &gt; 1.</summary>
    private static long LargestPowerOfTwoSmallerThan(long n)
    {
        long k = 1;
        while (k < n - k)
        {
            k *= 2;
        }

        return k;
    }
}
