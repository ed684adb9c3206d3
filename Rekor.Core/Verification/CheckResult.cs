namespace Rekor.Core.Verification;

/// <summary>What became of one <see cref="VerificationCheck"/>.</summary>
public enum CheckOutcome
{
    /// <summary>The check was performed and the evidence holds.</summary>
    Passed,

    /// <summary>The check was performed and the evidence does not hold, or is malformed, or was required and absent.</summary>
    Failed,

    /// <summary>The entry carries nothing for this check (no SET, no proof, no checkpoint, a key without tree ID).</summary>
    NotApplicable,

    /// <summary>The check depends on one that failed, so it was not performed (e.g. the contents of a checkpoint whose
    /// signature did not verify are not the log's word and are not compared). Never counts as passed.</summary>
    Skipped,
}

/// <summary>The outcome of one check and, whatever the outcome, a sentence saying why.</summary>
public sealed record CheckResult(VerificationCheck Check, CheckOutcome Outcome, string Reason)
{
    public bool Passed => Outcome == CheckOutcome.Passed;

    public bool Failed => Outcome == CheckOutcome.Failed;

    public static CheckResult Pass(VerificationCheck check, string reason) => new(check, CheckOutcome.Passed, reason);

    public static CheckResult Fail(VerificationCheck check, string reason) => new(check, CheckOutcome.Failed, reason);

    public static CheckResult NotApplicable(VerificationCheck check, string reason) => new(check, CheckOutcome.NotApplicable, reason);

    public static CheckResult Skip(VerificationCheck check, string reason) => new(check, CheckOutcome.Skipped, reason);

    public override string ToString() => $"{Check}: {Outcome} ({Reason})";
}
