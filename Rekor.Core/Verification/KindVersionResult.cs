namespace Rekor.Core.Verification;

/// <summary>
/// Whether a bundle's <c>kindVersion</c> names the body's own <c>kind</c> and <c>apiVersion</c>, as sigstore-js and
/// sigstore-go require. It is not a <see cref="VerificationCheck"/>: a v1 entry states its kind only in the body, so
/// the check exists only for bundles. Outcome is <see cref="CheckOutcome.Passed"/> or <see cref="CheckOutcome.Failed"/>.
/// </summary>
public sealed record KindVersionResult(CheckOutcome Outcome, string Reason)
{
    public bool Passed => Outcome == CheckOutcome.Passed;

    public bool Failed => Outcome == CheckOutcome.Failed;

    public override string ToString() => $"KindVersionMatchesBody: {Outcome} ({Reason})";
}
