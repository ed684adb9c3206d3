using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>What became of one append.</summary>
public enum AppendStatus
{
    /// <summary>Durably in the log at <see cref="AppendOutcome.LocalIndex"/>, with its SET and the batch's checkpoint.</summary>
    Appended,

    /// <summary>An identical leaf was already in the active tree, at <see cref="AppendOutcome.LocalIndex"/>; nothing was added.</summary>
    Duplicate,

    /// <summary>The queue is full: nothing was added; the client should retry later (503 with Retry-After).</summary>
    Pushback,
}

/// <summary>
/// The answer to an append. <see cref="LeafHash"/> is the leaf's RFC 6962 hash, computed once by the sequencer (it is
/// also the entry's UUID). For <see cref="AppendStatus.Appended"/>, <see cref="Entry"/> is the entry exactly as
/// committed (body, integrated time, SET) and <see cref="Head"/> the head the batch committed (its checkpoint signs
/// exactly that size and root), so an inclusion proof at <c>Head.Size</c> verifies against it. A leaf that was a
/// duplicate of one in the same batch carries that entry too; one already in storage has no <see cref="Entry"/>.
/// </summary>
public sealed record AppendOutcome(
    AppendStatus Status,
    Hash32 LeafHash,
    long TreeId,
    long LocalIndex,
    long GlobalIndex,
    StoredEntry? Entry,
    TreeHead? Head)
{
    /// <summary>When the entry was integrated (0 when there is no <see cref="Entry"/>).</summary>
    public long IntegratedTimeSeconds => Entry?.IntegratedTimeSeconds ?? 0;

    /// <summary>The entry's SET, if there is an <see cref="Entry"/>.</summary>
    public byte[]? SignedEntryTimestamp => Entry?.SignedEntryTimestamp;

    public static AppendOutcome Pushback(Hash32 leafHash) => new(AppendStatus.Pushback, leafHash, 0, -1, -1, null, null);
}
