using System.CommandLine;
using System.Globalization;
using Rekor.Cli.Inputs;
using Rekor.Cli.Output;
using Rekor.Core.Client;

namespace Rekor.Cli.Commands;

/// <summary>
/// <c>rekor monitor</c>: follows the log. Every <c>--interval</c> it fetches the signed checkpoint, verifies its
/// signature and its consistency with the previous one (kept in the state file, so a restart resumes), optionally
/// verifies every entry added since (<c>--verify-entries</c>), and keeps the checkpoint only once all that passed. It
/// stops at the first failure: exit 4 on a fork, 3 on anything else that does not verify.
/// </summary>
internal static class MonitorCommand
{
    public static Command Create(GlobalOptions options, CliEnvironment environment)
    {
        var interval = new Option<string>("--interval") { Description = "Time between checks (e.g. 30s, 5m)", DefaultValueFactory = _ => "30s" };
        var once = new Option<bool>("--once") { Description = "Check once and exit" };
        var maxIterations = new Option<int?>("--max-iterations") { Description = "Stop after this many checks (default: run until stopped)" };
        var verifyEntries = new Option<bool>("--verify-entries") { Description = "Also fetch and verify every entry added since the previous checkpoint" };
        var logKey = LogKeyFlag.Create();
        var command = new Command("monitor", "Follow the log: verify every new checkpoint's signature and consistency with the previous one (and with --verify-entries every new entry), keeping state in <state-dir>/state.json. " + ExitCodes.HelpText)
        {
            interval,
            once,
            maxIterations,
            verifyEntries,
            logKey,
        };
        CommandRunner.SetWork(command, options, environment, async (context, cancellationToken) =>
        {
            var wait = Durations.Parse(context.Parse.GetValue(interval)!, "--interval");
            var limit = context.Parse.GetValue(once) ? 1 : context.Parse.GetValue(maxIterations);
            if (limit is < 1)
            {
                throw CliFailure.Usage("--max-iterations must be at least 1");
            }

            var keys = LogKeyFlag.Source(context, logKey);
            for (var iteration = 1; ; iteration++)
            {
                var exitCode = await CheckOnceAsync(context, keys, context.Parse.GetValue(verifyEntries), cancellationToken).ConfigureAwait(false);
                if (exitCode != ExitCodes.Ok || iteration == limit)
                {
                    return exitCode;
                }

                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static async Task<int> CheckOnceAsync(CommandContext context, LogKeySource keys, bool verifyEntries, CancellationToken cancellationToken)
    {
        var info = await context.Client.GetLogInfoAsync(cancellationToken).ConfigureAwait(false);
        var audits = await CheckpointAudit.AuditAsync(context, info, keys, cancellationToken).ConfigureAwait(false);
        var active = audits[0];
        foreach (var audit in audits)
        {
            CheckpointAudit.ReportProblem(context.Output, audit, context.State.FilePath);
        }

        var exitCode = audits.Max(a => a.ExitCode);
        var verifiedEntries = 0L;
        if (exitCode == ExitCodes.Ok && verifyEntries && active.Result.Stored is { } stored)
        {
            // Entries are fetched by global index: the active tree's indexes follow every inactive shard's entries.
            var offset = (info.InactiveShards ?? []).Sum(s => s.TreeSize);
            var (from, to) = (offset + stored.Checkpoint.TreeSize, offset + active.Result.Current!.Checkpoint.TreeSize);
            exitCode = await VerifyEntriesAsync(context, keys, from, to, cancellationToken).ConfigureAwait(false);
            verifiedEntries = to - from;
        }

        if (exitCode == ExitCodes.Ok)
        {
            foreach (var audit in audits)
            {
                CheckpointAudit.Keep(context, audit);
            }
        }

        var now = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture);
        if (context.Output.IsJson)
        {
            context.Output.WriteJsonLine(new
            {
                time = now,
                treeID = active.TreeId,
                treeSize = active.TreeSize,
                rootHash = active.RootHash,
                consistency = active.Result.Outcome.ToString(),
                reason = active.UnsignedMismatch ?? active.Result.Reason,
                entriesVerified = verifiedEntries,
                ok = exitCode == ExitCodes.Ok,
            });
        }
        else
        {
            context.Output.Line($"{now} tree {active.TreeId} size {active.TreeSize} root {active.RootHash}: {active.Result.Outcome} ({active.Result.Reason})"
                + (verifyEntries ? $"; {verifiedEntries} new entries verified" : string.Empty));
        }

        return exitCode;
    }

    /// <summary>Fetches and verifies the entries at global indexes [<paramref name="from"/>, <paramref name="to"/>), with a progress bar on a terminal.</summary>
    private static async Task<int> VerifyEntriesAsync(CommandContext context, LogKeySource keys, long from, long to, CancellationToken cancellationToken)
    {
        if (from >= to)
        {
            return ExitCodes.Ok;
        }

        VerifiedLogEntry? failed = null;
        async Task VerifyRangeAsync(Action advance)
        {
            for (var index = from; index < to && failed is null; index++)
            {
                var entry = await context.Client.GetVerifiedEntryByIndexAsync(index, keys, cancellationToken).ConfigureAwait(false);
                if (!entry.IsVerified)
                {
                    failed = entry;
                }

                advance();
            }
        }

        await context.Output.WithProgressAsync($"verifying entries {from}..{to - 1}", to - from, VerifyRangeAsync).ConfigureAwait(false);

        if (failed is null)
        {
            return ExitCodes.Ok;
        }

        context.Output.ErrorLine($"VERIFICATION FAILED for the entry at index {failed.Entry.LogIndex} ({failed.EntryId}): {failed.FirstProblem}");
        return ExitCodes.VerificationFailed;
    }
}
