namespace Rekor.Core.Verification;

/// <summary>
/// What <see cref="BundleTlogEntryVerifier.VerifyBundle(string, TrustedLogKeys, VerificationOptions?)"/> found: one
/// result per <c>verificationMaterial.tlogEntries[i]</c>, in the bundle's order, or the reason the bundle had none
/// to verify.
/// </summary>
public sealed class BundleVerification
{
    internal BundleVerification(IReadOnlyList<BundleTlogEntryVerification> entries, string? problem)
    {
        Entries = entries;
        Problem = problem;
    }

    /// <summary>The tlog entries' results; empty when <see cref="Problem"/> is set.</summary>
    public IReadOnlyList<BundleTlogEntryVerification> Entries { get; }

    /// <summary>Why the bundle's tlog entries could not be reached (not JSON, no <c>tlogEntries</c> array, an empty
    /// one), or null.</summary>
    public string? Problem { get; }

    /// <summary>The bundle has at least one tlog entry and every one is verified.</summary>
    public bool IsVerified => Problem is null && Entries.Count > 0 && Entries.All(e => e.IsVerified);

    public override string ToString() =>
        Problem ?? string.Join("\n", Entries.Select((e, i) => $"tlogEntries[{i}]: {e}"));
}
