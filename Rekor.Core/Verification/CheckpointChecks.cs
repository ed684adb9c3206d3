using System.Globalization;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Models;
using Rekor.Core.Signing;

namespace Rekor.Core.Verification;

/// <summary>
/// The three checkpoint checks. Only a checkpoint that parsed and whose signature verified is compared with the proof
/// and the key: until then its lines are anyone's words, and the comparisons are <see cref="CheckOutcome.Skipped"/>.
/// </summary>
internal static class CheckpointChecks
{
    private const VerificationCheck Signature = VerificationCheck.CheckpointSignature;
    private const VerificationCheck MatchesProof = VerificationCheck.CheckpointMatchesProof;
    private const VerificationCheck TreeIdMatchesKey = VerificationCheck.CheckpointTreeIdMatchesKey;

    /// <param name="proof">The entry's inclusion proof, if any; its <c>checkpoint</c> is the text checked.</param>
    /// <param name="logKey">The trusted key the entry's <c>logID</c> names, or null (then <paramref name="logKeyError"/> says why).</param>
    /// <param name="logKeyError">Why there is no <paramref name="logKey"/>, when there is none.</param>
    /// <param name="entryId">The parsed entry key, or null when it did not parse.</param>
    /// <param name="expectedSignerName">The checkpoint signer name expected, or null to accept any.</param>
    public static (CheckResult Signature, CheckResult MatchesProof, CheckResult TreeIdMatchesKey) Evaluate(
        InclusionProof? proof, LogKey? logKey, string? logKeyError, EntryId? entryId, string? expectedSignerName)
    {
        var treeIdNotApplicable = entryId is { TreeId: null }
            ? CheckResult.NotApplicable(TreeIdMatchesKey, "the entry key is a bare 64-digit UUID, which names no tree")
            : null;
        if (proof?.Checkpoint is not { } text)
        {
            var reason = proof is null ? "the entry carries no inclusionProof, so no checkpoint" : "the inclusion proof carries no checkpoint";
            return (CheckResult.NotApplicable(Signature, reason),
                CheckResult.NotApplicable(MatchesProof, reason),
                treeIdNotApplicable ?? CheckResult.NotApplicable(TreeIdMatchesKey, reason));
        }

        var signature = SignatureResult(text, logKey, logKeyError, expectedSignerName, out var verified);
        if (verified is null)
        {
            const string Unverified = "the checkpoint's signature did not verify, so its contents are not compared";
            return (signature,
                CheckResult.Skip(MatchesProof, Unverified),
                treeIdNotApplicable ?? CheckResult.Skip(TreeIdMatchesKey, Unverified));
        }

        return (signature,
            MatchesProofResult(verified, proof),
            treeIdNotApplicable ?? TreeIdResult(verified, entryId));
    }

    /// <summary>Parses strictly and verifies; <paramref name="verified"/> is the checkpoint when the check passed.</summary>
    private static CheckResult SignatureResult(
        string text, LogKey? logKey, string? logKeyError, string? expectedSignerName, out Checkpoint? verified)
    {
        verified = null;
        if (!SignedCheckpoint.TryParse(text, out var parsed, out var parseError))
        {
            return CheckResult.Fail(Signature, "the checkpoint does not parse: " + parseError);
        }

        if (logKey is null)
        {
            return CheckResult.Fail(Signature, "no key to verify the checkpoint with: " + logKeyError);
        }

        var keyHintHex = Convert.ToHexStringLower(logKey.KeyHint);
        var byThisKey = parsed.Signatures.Where(s => logKey.KeyHint.SequenceEqual(s.KeyHint)).ToList();
        if (byThisKey.Count == 0)
        {
            return CheckResult.Fail(Signature, $"no signature line carries the key hint {keyHintHex} of log {logKey.LogId}");
        }

        if (expectedSignerName is not null && !byThisKey.Any(s => string.Equals(s.Name, expectedSignerName, StringComparison.Ordinal)))
        {
            return CheckResult.Fail(Signature, $"the key hint {keyHintHex} signs as '{byThisKey[0].Name}', not as '{expectedSignerName}'");
        }

        if (!parsed.VerifiedBy(logKey, expectedSignerName))
        {
            return CheckResult.Fail(Signature, $"the signature with key hint {keyHintHex} is not log {logKey.LogId}'s signature of the checkpoint body");
        }

        var checkpoint = parsed.Checkpoint;
        if (expectedSignerName is not null
            && !(checkpoint.TryGetTreeId(out var treeId)
                && string.Equals(checkpoint.Origin, expectedSignerName + " - " + treeId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
        {
            return CheckResult.Fail(Signature, $"the origin '{checkpoint.Origin}' is not '{expectedSignerName} - <treeID>'");
        }

        verified = checkpoint;
        return CheckResult.Pass(Signature, $"signed by log {logKey.LogId} as '{expectedSignerName ?? byThisKey[0].Name}', origin '{checkpoint.Origin}'");
    }

    private static CheckResult MatchesProofResult(Checkpoint checkpoint, InclusionProof proof)
    {
        if (!Hash32.TryParseHex(proof.RootHash, out var rootHash))
        {
            return CheckResult.Fail(MatchesProof, $"the proof's rootHash '{proof.RootHash}' is not 64 hex digits");
        }

        if (checkpoint.TreeSize != proof.TreeSize || checkpoint.RootHash != rootHash)
        {
            return CheckResult.Fail(MatchesProof,
                $"the checkpoint is for size {checkpoint.TreeSize} with root {checkpoint.RootHash}, the proof for size {proof.TreeSize} with root {rootHash}");
        }

        return CheckResult.Pass(MatchesProof, $"the checkpoint and the proof are both for size {proof.TreeSize} with root {rootHash}");
    }

    private static CheckResult TreeIdResult(Checkpoint checkpoint, EntryId? entryId)
    {
        if (entryId is not { TreeId: { } keyTreeId })
        {
            return CheckResult.Skip(TreeIdMatchesKey, "the entry key did not parse, so it names no tree to compare");
        }

        if (!checkpoint.TryGetTreeId(out var originTreeId))
        {
            return CheckResult.Fail(TreeIdMatchesKey, $"the origin '{checkpoint.Origin}' is not '<host> - <treeID>'");
        }

        return originTreeId == keyTreeId
            ? CheckResult.Pass(TreeIdMatchesKey, $"the origin and the entry key both name tree {keyTreeId}")
            : CheckResult.Fail(TreeIdMatchesKey, $"the origin names tree {originTreeId}, the entry key tree {keyTreeId}");
    }
}
