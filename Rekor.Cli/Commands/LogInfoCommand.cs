using System.CommandLine;
using System.Globalization;
using Rekor.Cli.Inputs;

namespace Rekor.Cli.Commands;

/// <summary>
/// <c>rekor loginfo</c>: the log's size, root and tree ID; verifies the signed tree head with the log's key and proves
/// it consistent with the checkpoint kept from the last run (state file), then keeps it. A fork exits 4, loudly.
/// </summary>
internal static class LogInfoCommand
{
    public static Command Create(GlobalOptions options, CliEnvironment environment)
    {
        var logKey = LogKeyFlag.Create();
        var command = new Command("loginfo", "Print the log's size, root hash and tree ID; verify the signed tree head and its consistency with the last one seen (kept in <state-dir>/state.json). " + ExitCodes.HelpText)
        {
            logKey,
        };
        CommandRunner.SetWork(command, options, environment, async (context, cancellationToken) =>
        {
            var info = await context.Client.GetLogInfoAsync(cancellationToken).ConfigureAwait(false);
            var audits = await CheckpointAudit.AuditAsync(context, info, LogKeyFlag.Source(context, logKey), cancellationToken).ConfigureAwait(false);
            var exitCode = audits.Max(a => a.ExitCode);
            var active = audits[0];
            var total = info.TreeSize + (info.InactiveShards ?? []).Sum(s => s.TreeSize);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    activeTreeSize = info.TreeSize,
                    totalTreeSize = total,
                    rootHash = info.RootHash,
                    treeID = info.TreeID,
                    verified = exitCode == ExitCodes.Ok,
                    trees = audits.Select(a => new { treeID = a.TreeId, treeSize = a.TreeSize, consistency = a.Result.Outcome.ToString(), reason = a.UnsignedMismatch ?? a.Result.Reason }),
                });
            }
            else
            {
                context.Output.Line(exitCode == ExitCodes.Ok ? "Verification Successful!" : "Verification FAILED");
                context.Output.Facts("Log", [
                    ("Active Tree Size", info.TreeSize.ToString(CultureInfo.InvariantCulture)),
                    ("Total Tree Size", total.ToString(CultureInfo.InvariantCulture)),
                    ("Root Hash", info.RootHash),
                    ("TreeID", info.TreeID),
                    ("Consistency", $"{active.Result.Outcome}: {active.Result.Reason}"),
                ]);
            }

            foreach (var audit in audits)
            {
                CheckpointAudit.ReportProblem(context.Output, audit, context.State.FilePath);
                CheckpointAudit.Keep(context, audit);
            }

            return exitCode;
        });
        return command;
    }
}
