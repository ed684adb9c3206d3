using System.Globalization;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;

namespace Rekor.Core.Client;

public partial class RekorClient
{
    /// <summary>
    /// Checks that the log's <paramref name="currentCheckpoint"/> (a signed note, e.g. <c>signedTreeHead</c>) is signed
    /// by <paramref name="logKey"/> and, when a checkpoint was kept from before (<paramref name="storedCheckpoint"/>),
    /// that the log only appended since: same size means same root, a larger size needs a consistency proof from
    /// <c>/api/v1/log/proof</c> that verifies (RFC 9162), a smaller size is a fork. Failures of the log's evidence are
    /// results; failures to reach the log are exceptions.
    /// </summary>
    /// <param name="currentCheckpoint">The log's checkpoint now.</param>
    /// <param name="storedCheckpoint">The checkpoint kept from before, or null when there is none.</param>
    /// <param name="logKey">The log's key, which must have signed both.</param>
    /// <param name="treeId">The decimal tree ID the checkpoints are of, for the proof request (null: the active tree).</param>
    /// <param name="cancellationToken">Cancels the proof request.</param>
    public async Task<ConsistencyResult> CheckConsistencyAsync(
        string currentCheckpoint, string? storedCheckpoint, LogKey logKey, string? treeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(currentCheckpoint);
        ArgumentNullException.ThrowIfNull(logKey);
        if (!SignedCheckpoint.TryParse(currentCheckpoint, out var current, out var parseError))
        {
            return new(ConsistencyOutcome.CheckpointInvalid, "the log's current checkpoint does not parse: " + parseError, null, null);
        }

        if (!current.VerifiedBy(logKey))
        {
            return new(ConsistencyOutcome.CheckpointInvalid,
                $"the log's current checkpoint (size {current.Checkpoint.TreeSize}) is not signed by {logKey}", null, null);
        }

        if (storedCheckpoint is null)
        {
            return new(ConsistencyOutcome.FirstCheckpoint,
                $"no checkpoint kept from before; the signed checkpoint at size {current.Checkpoint.TreeSize} is the first seen", current, null);
        }

        if (!SignedCheckpoint.TryParse(storedCheckpoint, out var stored, out parseError))
        {
            return new(ConsistencyOutcome.CheckpointInvalid, "the kept checkpoint does not parse: " + parseError, current, null);
        }

        if (!stored.VerifiedBy(logKey))
        {
            return new(ConsistencyOutcome.CheckpointInvalid,
                $"the kept checkpoint (size {stored.Checkpoint.TreeSize}, origin '{stored.Checkpoint.Origin}') is not signed by {logKey}: it is another log's, or was altered", current, stored);
        }

        if (!string.Equals(stored.Checkpoint.Origin, current.Checkpoint.Origin, StringComparison.Ordinal))
        {
            return new(ConsistencyOutcome.CheckpointInvalid,
                $"the kept checkpoint is of '{stored.Checkpoint.Origin}', the current one of '{current.Checkpoint.Origin}'", current, stored);
        }

        return await CompareAsync(stored, current, treeId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ConsistencyResult> CompareAsync(SignedCheckpoint stored, SignedCheckpoint current, string? treeId, CancellationToken cancellationToken)
    {
        var (oldSize, oldRoot) = (stored.Checkpoint.TreeSize, stored.Checkpoint.RootHash);
        var (newSize, newRoot) = (current.Checkpoint.TreeSize, current.Checkpoint.RootHash);
        if (newSize < oldSize)
        {
            return new(ConsistencyOutcome.Forked,
                $"the log shrank: it signed size {oldSize} (root {oldRoot}) before and size {newSize} (root {newRoot}) now", current, stored);
        }

        if (newSize == oldSize)
        {
            return newRoot == oldRoot
                ? new(ConsistencyOutcome.Consistent, $"the log is still at size {newSize} with root {newRoot}", current, stored)
                : new(ConsistencyOutcome.Forked, $"the log signed two different roots for size {newSize}: {oldRoot} before, {newRoot} now", current, stored);
        }

        if (oldSize == 0)
        {
            return new(ConsistencyOutcome.Consistent, $"every tree extends the empty tree; the log grew to size {newSize}", current, stored);
        }

        var proof = await GetLogProofAsync(newSize, oldSize, treeId, cancellationToken).ConfigureAwait(false);
        var hashes = proof.Hashes ?? [];
        var path = new Hash32[hashes.Count];
        for (var i = 0; i < path.Length; i++)
        {
            if (!Hash32.TryParseHex(hashes[i], out path[i]))
            {
                return new(ConsistencyOutcome.ProofInvalid,
                    $"the consistency proof from size {oldSize} to {newSize} has hashes[{i}] '{hashes[i]}', which is not 64 hex digits", current, stored);
            }
        }

        return MerkleVerifier.VerifyConsistency(oldSize, newSize, path, oldRoot, newRoot)
            ? new(ConsistencyOutcome.Consistent,
                string.Create(CultureInfo.InvariantCulture, $"the log grew from size {oldSize} to {newSize}; the consistency proof of {path.Length} hashes verifies"), current, stored)
            : new(ConsistencyOutcome.Forked,
                $"the log cannot prove that its tree of size {newSize} (root {newRoot}) extends the one of size {oldSize} (root {oldRoot}) it signed before: the proof of {path.Length} hashes does not verify", current, stored);
    }
}
