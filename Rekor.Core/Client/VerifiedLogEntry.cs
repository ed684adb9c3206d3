using Rekor.Core.Models;
using Rekor.Core.Verification;

namespace Rekor.Core.Client;

/// <summary>Whether the log answered the question asked: the entry with the UUID or at the index requested.</summary>
/// <param name="Passed">True when the answer is the entry asked for (or nothing in particular was asked).</param>
/// <param name="Reason">A sentence saying what was compared.</param>
public sealed record RequestMatch(bool Passed, string Reason)
{
    public override string ToString() => $"RequestMatch: {(Passed ? "Passed" : "Failed")} ({Reason})";
}

/// <summary>
/// An entry as a client received it and what it found checking it: every <see cref="VerificationCheck"/> of
/// <see cref="LogEntryVerifier"/> and whether it is the entry that was asked for.
/// </summary>
/// <param name="EntryId">The key the entry came under.</param>
/// <param name="Entry">The entry as served.</param>
/// <param name="Verification">The checks of the entry's own evidence.</param>
/// <param name="Match">Whether the entry is the one requested.</param>
public sealed record VerifiedLogEntry(string EntryId, LogEntryValue Entry, LogEntryVerification Verification, RequestMatch Match)
{
    /// <summary>
    /// What a client needs before it relies on the entry, as rekor-cli's <c>get</c> and <c>verify</c> require: the
    /// body hashes to the key, the SET, the inclusion proof and its signed checkpoint all verify (none of them may
    /// be missing), and the entry is the one asked for.
    /// </summary>
    public bool IsVerified => Verification.IsVerified && Match.Passed;

    /// <summary>The first failed or skipped check, in order, as a sentence; null when <see cref="IsVerified"/>.</summary>
    public string? FirstProblem =>
        Verification.Checks.FirstOrDefault(c => c.Outcome is CheckOutcome.Failed or CheckOutcome.Skipped)?.ToString()
        ?? (Match.Passed ? null : Match.ToString());
}
