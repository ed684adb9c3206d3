using Rekor.Cli.Output;
using Rekor.Core.Client;
using Rekor.Core.Merkle;
using Rekor.Core.Models;

namespace Rekor.Cli.Commands;

/// <summary>
/// What <c>loginfo</c> and <c>monitor</c> share: the log's signed checkpoint of one tree verified with the tree's key,
/// compared with the checkpoint kept in the state file, and the unsigned <c>treeSize</c>/<c>rootHash</c> beside it
/// compared with what the checkpoint signs. Nothing here writes the state: callers keep a checkpoint only once all
/// their checks passed (<see cref="Keep"/>).
/// </summary>
internal static class CheckpointAudit
{
    /// <summary>The audit of one tree: the result, and any disagreement between the unsigned fields and the checkpoint.</summary>
    public sealed record TreeAudit(string TreeId, bool IsActive, long TreeSize, string RootHash, string SignedTreeHead, ConsistencyResult Result, string? UnsignedMismatch)
    {
        public int ExitCode => Result.Outcome switch
        {
            ConsistencyOutcome.Forked => ExitCodes.ForkDetected,
            ConsistencyOutcome.CheckpointInvalid or ConsistencyOutcome.ProofInvalid => ExitCodes.VerificationFailed,
            _ => UnsignedMismatch is null ? ExitCodes.Ok : ExitCodes.VerificationFailed,
        };
    }

    /// <summary>Audits the active tree of <paramref name="info"/> and every inactive shard it lists.</summary>
    public static async Task<IReadOnlyList<TreeAudit>> AuditAsync(
        CommandContext context, LogInfo info, LogKeySource keys, CancellationToken cancellationToken)
    {
        var audits = new List<TreeAudit>
        {
            await AuditTreeAsync(context, info.TreeID, isActive: true, info.TreeSize, info.RootHash, info.SignedTreeHead, keys, cancellationToken).ConfigureAwait(false),
        };
        foreach (var shard in info.InactiveShards ?? [])
        {
            audits.Add(await AuditTreeAsync(context, shard.TreeID, isActive: false, shard.TreeSize, shard.RootHash, shard.SignedTreeHead, keys, cancellationToken).ConfigureAwait(false));
        }

        return audits;
    }

    /// <summary>Keeps the audited checkpoint when it verified and is consistent (never one from a fork, never an empty log's).</summary>
    public static void Keep(CommandContext context, TreeAudit audit)
    {
        if (context.StoreTreeState && audit.ExitCode == ExitCodes.Ok && audit.Result.Current is { Checkpoint.TreeSize: > 0 })
        {
            context.State.Save(audit.TreeId, audit.IsActive ? context.ServerUri : null, audit.SignedTreeHead);
        }
    }

    /// <summary>Says loudly, on standard error, what is wrong with <paramref name="audit"/> (nothing when it passed).</summary>
    public static void ReportProblem(CommandOutput output, TreeAudit audit, string statePath)
    {
        switch (audit.ExitCode)
        {
            case ExitCodes.ForkDetected:
                output.ErrorLine($"FORK DETECTED in tree {audit.TreeId}: {audit.Result.Reason}.");
                output.ErrorLine($"The log is not append-only as seen from here: the checkpoint kept in {statePath} and the one served now cannot both be honest. The kept checkpoint was NOT replaced.");
                break;
            case ExitCodes.VerificationFailed:
                output.ErrorLine($"VERIFICATION FAILED for tree {audit.TreeId}: {audit.UnsignedMismatch ?? audit.Result.Reason}");
                break;
            default:
                break;
        }
    }

    private static async Task<TreeAudit> AuditTreeAsync(
        CommandContext context, string treeId, bool isActive, long treeSize, string rootHash, string signedTreeHead, LogKeySource keys, CancellationToken cancellationToken)
    {
        var key = await keys.KeyForTreeAsync(treeId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var stored = context.State.Load(treeId, context.ServerUri);
        var result = await context.Client.CheckConsistencyAsync(signedTreeHead, stored, key, treeId, cancellationToken).ConfigureAwait(false);
        string? mismatch = null;
        if (result.Current is { } current
            && (current.Checkpoint.TreeSize != treeSize || !Hash32.TryParseHex(rootHash, out var root) || root != current.Checkpoint.RootHash))
        {
            mismatch = $"the log reports size {treeSize} and root {rootHash}, but its signed checkpoint says size {current.Checkpoint.TreeSize} and root {current.Checkpoint.RootHash}";
        }

        return new TreeAudit(treeId, isActive, treeSize, rootHash, signedTreeHead, result, mismatch);
    }
}
