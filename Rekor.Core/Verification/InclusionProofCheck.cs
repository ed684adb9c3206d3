using System.Diagnostics.CodeAnalysis;
using Rekor.Core.Merkle;
using Rekor.Core.Models;

namespace Rekor.Core.Verification;

/// <summary>
/// <see cref="VerificationCheck.InclusionProof"/>: the RFC 6962 audit path takes the body's leaf hash at the
/// shard-local index to the stated root. It binds the index, the path and the root; the tree size only through the
/// path's shape, so the size is bound by the checkpoint (<see cref="VerificationCheck.CheckpointMatchesProof"/>).
/// </summary>
internal static class InclusionProofCheck
{
    private const VerificationCheck Check = VerificationCheck.InclusionProof;

    public static CheckResult Evaluate(EntryBody body, InclusionProof? proof)
    {
        if (proof is null)
        {
            return CheckResult.NotApplicable(Check, "the entry carries no inclusionProof");
        }

        if (body.LeafHash is not { } leafHash)
        {
            return CheckResult.Fail(Check, "no leaf hash to prove: " + body.LeafError);
        }

        if (!TryReadAuditPath(proof.Hashes, out var auditPath, out var error))
        {
            return CheckResult.Fail(Check, error);
        }

        if (!Hash32.TryParseHex(proof.RootHash, out var rootHash))
        {
            return CheckResult.Fail(Check, $"the rootHash '{proof.RootHash}' is not 64 hex digits");
        }

        return AgainstRoot(leafHash, proof.LogIndex, proof.TreeSize, auditPath, rootHash, "proof's rootHash");
    }

    /// <summary>Whether <paramref name="auditPath"/> leads from <paramref name="leafHash"/> at
    /// <paramref name="shardIndex"/> in a tree of <paramref name="treeSize"/> leaves to <paramref name="rootHash"/>;
    /// <paramref name="rootSource"/> names where that root came from, for the reason.</summary>
    public static CheckResult AgainstRoot(
        Hash32 leafHash, long shardIndex, long treeSize, ReadOnlySpan<Hash32> auditPath, Hash32 rootHash, string rootSource)
    {
        if (!MerkleVerifier.TryRootFromInclusionProof(shardIndex, treeSize, leafHash, auditPath, out var computed))
        {
            return CheckResult.Fail(Check, $"an audit path of {auditPath.Length} hashes does not fit leaf {shardIndex} of a tree of {treeSize} leaves");
        }

        return computed == rootHash
            ? CheckResult.Pass(Check, $"leaf {leafHash} is at index {shardIndex} of the tree of {treeSize} leaves with the {rootSource} {rootHash}")
            : CheckResult.Fail(Check, $"the audit path leads from leaf {leafHash} at index {shardIndex} of {treeSize} to root {computed}, not to the {rootSource} {rootHash}");
    }

    private static bool TryReadAuditPath(
        IReadOnlyList<string>? hashes, [NotNullWhen(true)] out Hash32[]? auditPath, [NotNullWhen(false)] out string? error)
    {
        auditPath = null;
        if (hashes is null)
        {
            error = "the inclusion proof has no hashes";
            return false;
        }

        var path = new Hash32[hashes.Count];
        for (var i = 0; i < path.Length; i++)
        {
            if (!Hash32.TryParseHex(hashes[i], out path[i]))
            {
                error = $"hashes[{i}] '{hashes[i]}' is not 64 hex digits";
                return false;
            }
        }

        auditPath = path;
        error = null;
        return true;
    }
}
