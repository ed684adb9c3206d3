namespace Rekor.Core.Verification;

/// <summary>
/// What <see cref="LogEntryVerifier"/> found for one entry: one <see cref="CheckResult"/> per
/// <see cref="VerificationCheck"/>, always all of them, in the enum's order.
/// </summary>
public sealed class LogEntryVerification
{
    private readonly CheckResult[] _checks;

    internal LogEntryVerification(EntryId? entryId, CheckResult[] checks)
    {
        EntryId = entryId;
        _checks = checks;
    }

    /// <summary>The entry's key as parsed; null when it was not an entry ID.</summary>
    public EntryId? EntryId { get; }

    /// <summary>Every check, indexed by <see cref="VerificationCheck"/>.</summary>
    public IReadOnlyList<CheckResult> Checks => _checks;

    public CheckResult this[VerificationCheck check] => _checks[(int)check];

    /// <summary>True when some check failed. A failure may leave later checks <see cref="CheckOutcome.Skipped"/>.</summary>
    public bool HasFailures => _checks.Any(c => c.Failed);

    /// <summary>
    /// The entry is what the log committed to: no check failed or was skipped, the body hashes to the key's UUID, and
    /// the log vouches for it by a SET that verified, or by an inclusion proof up to a checkpoint it signed. An entry
    /// with a valid proof but no signature over anything (no SET, no checkpoint) is not verified.
    /// </summary>
    public bool IsVerified =>
        !_checks.Any(c => c.Outcome is CheckOutcome.Failed or CheckOutcome.Skipped)
        && this[VerificationCheck.BodyHashMatchesKey].Passed
        && (this[VerificationCheck.SignedEntryTimestamp].Passed
            || (this[VerificationCheck.InclusionProof].Passed
                && this[VerificationCheck.CheckpointSignature].Passed
                && this[VerificationCheck.CheckpointMatchesProof].Passed));

    public override string ToString() => string.Join("; ", _checks.Select(c => c.ToString()));
}
