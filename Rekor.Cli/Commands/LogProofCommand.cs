using System.CommandLine;

namespace Rekor.Cli.Commands;

/// <summary><c>rekor logproof</c>: prints the log's consistency proof between two tree sizes (as served; <c>loginfo</c> verifies).</summary>
internal static class LogProofCommand
{
    public static Command Create(GlobalOptions options, CliEnvironment environment)
    {
        var firstSize = new Option<long>("--first-size") { Description = "The size of the log where the proof should begin", DefaultValueFactory = _ => 1 };
        var lastSize = new Option<long>("--last-size") { Description = "The size of the log where the proof should end", Required = true };
        var treeId = new Option<string>("--tree-id") { Description = "The tree ID of the log (defaults to the active tree)" };
        var command = new Command("logproof", "Print the consistency proof between two sizes of the log. " + ExitCodes.HelpText)
        {
            firstSize,
            lastSize,
            treeId,
        };
        CommandRunner.SetWork(command, options, environment, async (context, cancellationToken) =>
        {
            var (first, last) = (context.Parse.GetValue(firstSize), context.Parse.GetValue(lastSize));
            if (first < 1 || last < 1 || first > last)
            {
                throw CliFailure.Usage($"--first-size ({first}) and --last-size ({last}) must be at least 1, the first no larger than the last");
            }

            var proof = await context.Client.GetLogProofAsync(last, first, context.Parse.GetValue(treeId), cancellationToken).ConfigureAwait(false);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(proof);
                return ExitCodes.Ok;
            }

            context.Output.Line($"Current Root Hash: {proof.RootHash}");
            context.Output.Line("Hashes: [");
            foreach (var hash in proof.Hashes ?? [])
            {
                context.Output.Line("  " + hash);
            }

            context.Output.Line("]");
            return ExitCodes.Ok;
        });
        return command;
    }
}
