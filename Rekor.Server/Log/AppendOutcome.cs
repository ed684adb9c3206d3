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
/// The answer to an append. For <see cref="AppendStatus.Appended"/>, <see cref="Head"/> is the head the batch
/// committed (its checkpoint signs exactly that size and root), so an inclusion proof at <c>Head.Size</c> verifies
/// against it.
/// </summary>
public sealed record AppendOutcome(
    AppendStatus Status,
    long TreeId,
    long LocalIndex,
    long GlobalIndex,
    long IntegratedTimeSeconds,
    byte[]? SignedEntryTimestamp,
    TreeHead? Head)
{
    public static AppendOutcome Pushback() => new(AppendStatus.Pushback, 0, -1, -1, 0, null, null);
}
