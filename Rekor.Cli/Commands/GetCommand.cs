using System.CommandLine;
using Rekor.Cli.Inputs;
using Rekor.Cli.Output;
using Rekor.Core.Client;
using Rekor.Core.Verification;

namespace Rekor.Cli.Commands;

/// <summary>
/// <c>rekor get</c>: fetches an entry by <c>--uuid</c> (64-digit UUID or 80-digit entry ID) or <c>--log-index</c> and
/// verifies it: body hash, SET, inclusion proof, checkpoint signature and that it is the entry asked for.
/// </summary>
internal static class GetCommand
{
    public static Command Create(GlobalOptions options, CliEnvironment environment)
    {
        var uuid = new Option<string>("--uuid") { Description = "UUID (64 hex) or entry ID (80 hex) of the entry" };
        var logIndex = new Option<long?>("--log-index") { Description = "The index of the entry in the transparency log" };
        var logKey = LogKeyFlag.Create();
        var command = new Command("get", "Get an entry by UUID or log index and verify it (SET, inclusion proof, checkpoint). With --format json, prints {uuid, logIndex, verified, checks, entry}; with --format tle, the entry as a bundle's TransparencyLogEntry. " + ExitCodes.HelpText)
        {
            uuid,
            logIndex,
            logKey,
        };
        CommandRunner.SetWork(command, options, environment, async (context, cancellationToken) =>
        {
            var (givenUuid, givenIndex) = (context.Parse.GetValue(uuid), context.Parse.GetValue(logIndex));
            if ((givenUuid is null) == (givenIndex is null))
            {
                throw CliFailure.Usage("exactly one of --uuid and --log-index must be given");
            }

            if (givenIndex < 0)
            {
                throw CliFailure.Usage("--log-index must not be negative");
            }

            var keys = LogKeyFlag.Source(context, logKey);
            var entry = givenUuid is not null
                ? await context.Client.GetVerifiedEntryByUuidAsync(givenUuid, keys, cancellationToken).ConfigureAwait(false)
                : await context.Client.GetVerifiedEntryByIndexAsync(givenIndex!.Value, keys, cancellationToken).ConfigureAwait(false);
            if (context.IsTle)
            {
                // rekor-cli's tle: the entry as it goes into a bundle's verificationMaterial.tlogEntries.
                context.Output.WriteJson(BundleTlogEntryWriter.Write(entry.Entry));
                return EntryReport.Verdict(context.Output, entry);
            }

            return EntryReport.Show(context.Output, entry, context.ServerUri);
        });
        return command;
    }
}
