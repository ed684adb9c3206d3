using Rekor.Core.Checkpoints;

namespace Rekor.Core.Client;

/// <summary>What became of comparing a log's current checkpoint with one a client kept.</summary>
public enum ConsistencyOutcome
{
    /// <summary>Nothing was kept: the current checkpoint verified and is the first seen (trust on first use).</summary>
    FirstCheckpoint,

    /// <summary>Both checkpoints verified and the current tree extends the kept one (or is the same tree).</summary>
    Consistent,

    /// <summary>Both checkpoints are the log's signed word, but no append-only history joins them: the log shrank, changed
    /// its root at the same size, or cannot prove that its current tree extends the kept one. A split view or a rewrite.</summary>
    Forked,

    /// <summary>A checkpoint does not parse or is not signed by the log's key (the current one, or the kept one, which
    /// then belongs to another log or was altered), or the two are of different logs.</summary>
    CheckpointInvalid,

    /// <summary>The consistency proof the log served is malformed (not hex hashes).</summary>
    ProofInvalid,
}

/// <summary>
/// The outcome, a sentence saying why, and the checkpoints involved as parsed. <see cref="Current"/> is set whenever the
/// current checkpoint verified, so the caller may keep it (only after <see cref="ConsistencyOutcome.FirstCheckpoint"/>
/// or <see cref="ConsistencyOutcome.Consistent"/>: never replace a kept checkpoint with one from a fork).
/// </summary>
public sealed record ConsistencyResult(ConsistencyOutcome Outcome, string Reason, SignedCheckpoint? Current, SignedCheckpoint? Stored)
{
    /// <summary>True for <see cref="ConsistencyOutcome.FirstCheckpoint"/> and <see cref="ConsistencyOutcome.Consistent"/>.</summary>
    public bool IsGood => Outcome is ConsistencyOutcome.FirstCheckpoint or ConsistencyOutcome.Consistent;

    public override string ToString() => $"{Outcome}: {Reason}";
}
