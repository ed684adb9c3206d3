using System.CommandLine;
using Rekor.Cli.Inputs;
using Rekor.Cli.Output;
using Rekor.Core.Client;
using Rekor.Core.Models;
using Rekor.Core.Verification;

namespace Rekor.Cli.Commands;

/// <summary>
/// <c>rekor upload</c>: builds the entry (any kind, from the artifact flags or a prepared <c>--entry</c>), uploads it,
/// follows a 409 to the entry already there, and verifies what the log returned: its SET, inclusion proof and
/// checkpoint, and that the UUID is the leaf hash of the entry's canonical form computed here.
/// </summary>
internal static class UploadCommand
{
    public static Command Create(GlobalOptions options, CliEnvironment environment)
    {
        var flags = new EntryFlags();
        var logKey = LogKeyFlag.Create();
        var command = new Command("upload", "Upload an artifact (or a prepared entry) to the log and verify the entry it returns. " + ExitCodes.HelpText);
        foreach (var option in flags.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(logKey);
        var entries = new Option<string[]>("--entries")
        {
            Description = "Several prepared proposed entries (JSON files) to upload one after another, each verified; a progress display on a terminal and a summary at the end",
            AllowMultipleArgumentsPerToken = true,
        };
        command.Options.Add(entries);
        CommandRunner.SetWork(command, options, environment, async (context, cancellationToken) =>
        {
            if (context.Parse.GetValue(entries) is { Length: > 0 } files)
            {
                return await BatchUpload.RunAsync(context, files, LogKeyFlag.Source(context, logKey), cancellationToken).ConfigureAwait(false);
            }

            var proposed = await flags.BuildAsync(context.Parse, context.Timeout, cancellationToken).ConfigureAwait(false);
            var (uploaded, verified) = await UploadAndVerifyAsync(context, proposed, LogKeyFlag.Source(context, logKey), cancellationToken).ConfigureAwait(false);
            var location = context.ServerUri.AbsoluteUri.TrimEnd('/') + "/api/v1/log/entries/" + uploaded.EntryId;
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    alreadyExists = uploaded.AlreadyExisted,
                    location,
                    index = uploaded.Entry.LogIndex,
                    uuid = uploaded.EntryId,
                    verified = verified.IsVerified,
                    checks = CheckLine.Json(CheckLine.AllOf(verified)),
                });
                return EntryReport.Verdict(context.Output, verified);
            }

            var heading = uploaded.AlreadyExisted
                ? $"Entry already exists; it is at index {uploaded.Entry.LogIndex}, available at: {location}"
                : $"Created entry at index {uploaded.Entry.LogIndex}, available at: {location}";
            return EntryReport.Show(context.Output, verified, context.ServerUri, heading);
        });
        return command;
    }

    /// <summary>Uploads <paramref name="proposed"/> (a 409 followed to the entry there) and verifies what the log returned.</summary>
    internal static async Task<(UploadedEntry Uploaded, VerifiedLogEntry Verified)> UploadAndVerifyAsync(
        CommandContext context, ProposedEntry proposed, LogKeySource keys, CancellationToken cancellationToken)
    {
        var uploaded = await context.Client.UploadAsync(proposed, cancellationToken).ConfigureAwait(false);
        var match = await MatchesUploadAsync(proposed, uploaded.EntryId, cancellationToken).ConfigureAwait(false);
        var verified = await EntryVerification.VerifyAsync(uploaded.EntryId, uploaded.Entry, keys, match, cancellationToken).ConfigureAwait(false);
        return (uploaded, verified);
    }

    /// <summary>Whether the log's key names the leaf this entry canonicalizes to (the server and this tool share the type code).</summary>
    private static async Task<RequestMatch> MatchesUploadAsync(ProposedEntry proposed, string entryKey, CancellationToken cancellationToken)
    {
        var leaf = await ProposedEntries.LeafHashAsync(proposed, cancellationToken).ConfigureAwait(false);
        if (!leaf.Succeeded)
        {
            return new RequestMatch(false, "couldn't compute the uploaded entry's leaf hash: " + leaf.Error!.Message);
        }

        if (!EntryId.TryParse(entryKey, out var id))
        {
            return new RequestMatch(false, $"the log's key '{entryKey}' is not an entry ID");
        }

        return id.Uuid == leaf.Value
            ? new RequestMatch(true, $"the log's UUID {leaf.Value} is the leaf hash of the entry uploaded")
            : new RequestMatch(false, $"the entry uploaded has leaf hash {leaf.Value}, the log returned UUID {id.Uuid}");
    }
}
