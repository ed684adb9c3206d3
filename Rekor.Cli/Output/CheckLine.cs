using Rekor.Core.Client;
using Rekor.Core.Verification;

namespace Rekor.Cli.Output;

/// <summary>How one check came out, as the tool prints it.</summary>
internal enum CheckStatus
{
    Pass,
    Fail,
    Skipped,
    NotApplicable,
}

/// <summary>One line of a verification report: a check's name, its status and the reason (JSON: the same three).</summary>
internal sealed record CheckLine(string Name, CheckStatus Status, string Reason)
{
    public static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        CheckStatus.Skipped => "SKIPPED",
        _ => "N/A",
    };

    public static CheckLine Of(CheckResult result) => new(result.Check.ToString(), result.Outcome switch
    {
        CheckOutcome.Passed => CheckStatus.Pass,
        CheckOutcome.Failed => CheckStatus.Fail,
        CheckOutcome.Skipped => CheckStatus.Skipped,
        _ => CheckStatus.NotApplicable,
    }, result.Reason);

    public static CheckLine Of(RequestMatch match) =>
        new("ReturnedEntryIsTheOneRequested", match.Passed ? CheckStatus.Pass : CheckStatus.Fail, match.Reason);

    /// <summary>The checks as <c>--format json</c> writes them: <c>[{check, result, reason}]</c>.</summary>
    public static IEnumerable<object> Json(IEnumerable<CheckLine> checks) =>
        checks.Select(c => new { check = c.Name, result = Label(c.Status), reason = c.Reason });

    /// <summary>Every check of <paramref name="entry"/>: the verifier's, then whether it is the entry requested.</summary>
    public static IReadOnlyList<CheckLine> AllOf(VerifiedLogEntry entry) =>
        [.. entry.Verification.Checks.Select(Of), Of(entry.Match)];
}
