using System.Collections.Frozen;

namespace Rekor.Core.Verification;

/// <summary>What a caller demands beyond the checks every entry gets. The defaults demand nothing more.</summary>
public sealed record VerificationOptions
{
    public static VerificationOptions Default { get; } = new();

    /// <summary>
    /// When set, the checkpoint must be signed under this name and its origin must be
    /// <c>&lt;name&gt; - &lt;treeID&gt;</c>: Rekor uses its hostname for both (e.g. <c>rekor.sigstore.dev</c>).
    /// </summary>
    public string? ExpectedCheckpointSignerName { get; init; }

    /// <summary>
    /// Checks that must not be <see cref="CheckOutcome.NotApplicable"/>: when the entry carries nothing for one of
    /// them (say, no inclusion proof), it is reported <see cref="CheckOutcome.Failed"/> instead.
    /// </summary>
    public IReadOnlySet<VerificationCheck> RequiredChecks { get; init; } = FrozenSet<VerificationCheck>.Empty;
}
