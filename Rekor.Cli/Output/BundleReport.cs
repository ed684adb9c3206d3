using Rekor.Core.Verification;

namespace Rekor.Cli.Output;

/// <summary>How <c>verify --bundle</c> shows each tlog entry of a Sigstore bundle and the exit code the bundle earns.</summary>
internal static class BundleReport
{
    /// <summary>Shows every tlog entry's checks (and its kind/version check); 0 when all verified, else 3.</summary>
    public static int Show(CommandOutput output, BundleVerification bundle, string path)
    {
        if (bundle.Problem is { } problem)
        {
            output.ErrorLine($"--bundle {path}: {problem}");
            return ExitCodes.VerificationFailed;
        }

        var results = bundle.Entries.Select((entry, i) => (Index: i, Entry: entry, Checks: ChecksOf(entry))).ToList();
        if (output.IsJson)
        {
            output.WriteJson(new
            {
                bundle = path,
                verified = bundle.IsVerified,
                tlogEntries = results.Select(r => new
                {
                    uuid = r.Entry.Entry.EntryKey,
                    logIndex = r.Entry.Entry.Entry.LogIndex,
                    verified = r.Entry.IsVerified,
                    checks = CheckLine.Json(r.Checks),
                }),
            });
        }
        else
        {
            foreach (var (index, entry, checks) in results)
            {
                output.Checks($"tlogEntries[{index}]: {entry.Entry.EntryKey} at index {entry.Entry.Entry.LogIndex}", checks);
            }
        }

        foreach (var (index, entry, checks) in results.Where(r => !r.Entry.IsVerified))
        {
            var failed = checks.FirstOrDefault(c => c.Status == CheckStatus.Fail);
            output.ErrorLine($"tlogEntries[{index}] FAILED verification: " + (failed is null ? "a required check did not pass" : $"{failed.Name}: {failed.Reason}"));
        }

        if (bundle.IsVerified && !output.IsJson)
        {
            output.Line($"Verification successful for the {results.Count} tlog entr{(results.Count == 1 ? "y" : "ies")} of {path}");
        }

        return bundle.IsVerified ? ExitCodes.Ok : ExitCodes.VerificationFailed;
    }

    private static IReadOnlyList<CheckLine> ChecksOf(BundleTlogEntryVerification entry) =>
    [
        .. entry.LogEntry.Checks.Select(CheckLine.Of),
        new("KindVersionMatchesBody", entry.KindVersion.Passed ? CheckStatus.Pass : CheckStatus.Fail, entry.KindVersion.Reason),
    ];
}
