using Rekor.Core.Verification;

namespace Rekor.Core.Tests.Verification;

internal static class VerificationAssert
{
    private static readonly VerificationCheck[] CheckpointContents =
        [VerificationCheck.CheckpointMatchesProof, VerificationCheck.CheckpointTreeIdMatchesKey];

    /// <summary>
    /// After one change: the checks in <paramref name="covering"/> that passed before now fail, the checkpoint
    /// comparisons are skipped when the checkpoint signature is among them, and every other check is as it was.
    /// </summary>
    public static void OnlyCoveringChecksFail(
        LogEntryVerification baseline, LogEntryVerification result, IReadOnlyCollection<VerificationCheck> covering, string what)
    {
        var shouldFail = covering.Where(c => baseline[c].Passed).ToHashSet();
        Assert.True(shouldFail.Count > 0, $"{what}: none of {string.Join(", ", covering)} passed before the change");
        foreach (var check in Enum.GetValues<VerificationCheck>())
        {
            var expected = shouldFail.Contains(check) ? CheckOutcome.Failed
                : CheckpointContents.Contains(check) && baseline[check].Passed && shouldFail.Contains(VerificationCheck.CheckpointSignature) ? CheckOutcome.Skipped
                : baseline[check].Outcome;
            Assert.True(expected == result[check].Outcome, $"{what}: expected {check} {expected}, got {result[check]}");
        }

        Assert.False(result.IsVerified, $"{what}: still verified");
    }
}
