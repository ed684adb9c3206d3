using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Timestamps;

namespace Rekor.Core.Verification;

/// <summary>
/// Verifies a Rekor v1 <see cref="LogEntry"/> member as Sigstore clients do (rekor pkg/verify, sigstore-go,
/// sigstore-python, sigstore-js): the body against its key, the SET, the inclusion proof and its checkpoint. Entries
/// come from the network, so malformed ones are reported as failed checks, never thrown; only null arguments throw.
/// </summary>
public static class LogEntryVerifier
{
    /// <summary>
    /// Runs every <see cref="VerificationCheck"/> on the entry stored under <paramref name="entryKey"/> (80 or 64 hex
    /// digits). The SET and the checkpoint must both be signed by the trusted key the entry's <c>logID</c> names.
    /// </summary>
    public static LogEntryVerification Verify(
        string entryKey, LogEntryValue entry, TrustedLogKeys trustedKeys, VerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entryKey);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        options ??= VerificationOptions.Default;

        EntryId? entryId = EntryId.TryParse(entryKey, out var parsedId) ? parsedId : null;
        var body = EntryBody.Read(entry.Body);
        var logKey = SelectLogKey(entry.LogID, trustedKeys, out var logKeyError);
        var proof = entry.Verification?.InclusionProof;
        var (checkpointSignature, checkpointMatchesProof, checkpointTreeId) =
            CheckpointChecks.Evaluate(proof, logKey, logKeyError, entryId, options.ExpectedCheckpointSignerName);

        CheckResult[] checks =
        [
            BodyHashMatchesKey(entryKey, entryId, body),
            SignedEntryTimestampResult(entry, body, logKey, logKeyError),
            InclusionProofCheck.Evaluate(body, proof),
            checkpointSignature,
            checkpointMatchesProof,
            checkpointTreeId,
        ];
        for (var i = 0; i < checks.Length; i++)
        {
            if (checks[i].Outcome == CheckOutcome.NotApplicable && options.RequiredChecks.Contains(checks[i].Check))
            {
                checks[i] = CheckResult.Fail(checks[i].Check, "required, but " + checks[i].Reason);
            }
        }

        return new LogEntryVerification(entryId, checks);
    }

    /// <summary>
    /// Whether <paramref name="auditPath"/> proves <paramref name="leafHash"/> at the shard-local
    /// <paramref name="shardIndex"/> in the tree <paramref name="checkpoint"/> describes (its size and root), as
    /// sigstore-js checks a proof. The caller vouches for the checkpoint, e.g. by
    /// <see cref="SignedCheckpoint.VerifiedBy"/>.
    /// </summary>
    public static CheckResult VerifyInclusion(Hash32 leafHash, long shardIndex, ReadOnlySpan<Hash32> auditPath, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return InclusionProofCheck.AgainstRoot(leafHash, shardIndex, checkpoint.TreeSize, auditPath, checkpoint.RootHash, "checkpoint's root");
    }

    private static CheckResult BodyHashMatchesKey(string entryKey, EntryId? entryId, EntryBody body)
    {
        const VerificationCheck Check = VerificationCheck.BodyHashMatchesKey;
        if (entryId is not { } id)
        {
            return CheckResult.Fail(Check, $"the entry key '{entryKey}' is neither 80 hex digits (a positive tree ID and a UUID) nor a 64-digit UUID");
        }

        if (body.LeafHash is not { } leafHash)
        {
            return CheckResult.Fail(Check, body.LeafError!);
        }

        return leafHash == id.Uuid
            ? CheckResult.Pass(Check, $"the body's leaf hash is the key's UUID {id.Uuid}")
            : CheckResult.Fail(Check, $"the body's leaf hash is {leafHash}, the key's UUID {id.Uuid}");
    }

    private static CheckResult SignedEntryTimestampResult(LogEntryValue entry, EntryBody body, LogKey? logKey, string? logKeyError)
    {
        const VerificationCheck Check = VerificationCheck.SignedEntryTimestamp;
        if (entry.Verification?.SignedEntryTimestamp is not { } set)
        {
            return CheckResult.NotApplicable(Check, "the entry carries no signedEntryTimestamp");
        }

        if (body.Base64 is null)
        {
            return CheckResult.Fail(Check, body.TextError!);
        }

        if (logKey is null)
        {
            return CheckResult.Fail(Check, logKeyError!);
        }

        if (entry.IntegratedTime < 0 || entry.LogIndex < 0)
        {
            return CheckResult.Fail(Check, $"integratedTime {entry.IntegratedTime} and logIndex {entry.LogIndex} must not be negative");
        }

        return SignedEntryTimestamp.Verify(logKey, body.Base64, entry.IntegratedTime, logKey.LogId, entry.LogIndex, set)
            ? CheckResult.Pass(Check, $"signed by log {logKey.LogId} for index {entry.LogIndex} at {entry.IntegratedTime}")
            : CheckResult.Fail(Check, $"not log {logKey.LogId}'s signature of this body, integratedTime {entry.IntegratedTime} and logIndex {entry.LogIndex}");
    }

    /// <summary>The trusted key that <paramref name="logIdHex"/> names; null with the reason when there is none.</summary>
    private static LogKey? SelectLogKey(string? logIdHex, TrustedLogKeys trustedKeys, out string? error)
    {
        if (!Hash32.TryParseHex(logIdHex, out var logId))
        {
            error = logIdHex is null ? "the entry has no logID" : $"the logID '{logIdHex}' is not 64 hex digits";
            return null;
        }

        if (!trustedKeys.TryGet(logId, out var key))
        {
            error = $"no trusted log key has the log ID {logId}";
            return null;
        }

        error = null;
        return key;
    }
}
