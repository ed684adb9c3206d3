namespace Rekor.Core.Verification;

/// <summary>
/// What <see cref="BundleTlogEntryVerifier"/> found for one bundle tlog entry: every v1 check on the entry as
/// rebuilt (<see cref="LogEntry"/>; a check fed by a malformed field is failed with that reason) and whether its
/// <c>kindVersion</c> matches the body (<see cref="KindVersion"/>).
/// </summary>
public sealed class BundleTlogEntryVerification
{
    internal BundleTlogEntryVerification(BundleTlogEntry entry, LogEntryVerification logEntry, KindVersionResult kindVersion)
    {
        Entry = entry;
        LogEntry = logEntry;
        KindVersion = kindVersion;
    }

    /// <summary>The entry as read from the bundle and rewritten in v1 form.</summary>
    public BundleTlogEntry Entry { get; }

    /// <summary>One result per <see cref="VerificationCheck"/>, in the enum's order.</summary>
    public LogEntryVerification LogEntry { get; }

    public KindVersionResult KindVersion { get; }

    public CheckResult this[VerificationCheck check] => LogEntry[check];

    /// <summary>True when a v1 check or the kind/version check failed.</summary>
    public bool HasFailures => LogEntry.HasFailures || KindVersion.Failed;

    /// <summary>The v1 entry is verified (<see cref="LogEntryVerification.IsVerified"/>) and its kind is the bundle's.</summary>
    public bool IsVerified => LogEntry.IsVerified && KindVersion.Passed;

    public override string ToString() => LogEntry + "; " + KindVersion;
}
