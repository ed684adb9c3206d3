using System.CommandLine;
using System.Text.Json;
using Rekor.Cli.Inputs;
using Rekor.Cli.Output;
using Rekor.Core.Client;
using Rekor.Core.Models;
using Rekor.Core.Types;
using Rekor.Core.Verification;

namespace Rekor.Cli.Commands;

/// <summary>
/// <c>rekor verify</c>: proves an entry is in the log and prints each check. Online, the entry is found by
/// <c>--uuid</c>, <c>--log-index</c>, or by building it from the artifact flags (or a proposed <c>--entry</c>) and
/// asking <c>POST /api/v1/log/entries/retrieve</c>. Offline, <c>--entry</c> is a saved LogEntry (the log's JSON, or
/// <c>get --format json</c>'s output) checked against <c>--log-public-key</c> (or the log's key, fetched once), and
/// <c>--bundle</c> is a Sigstore bundle whose tlog entries are checked the same way plus their kind and version.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(GlobalOptions options, CliEnvironment environment)
    {
        var flags = new EntryFlags();
        var uuid = new Option<string>("--uuid") { Description = "UUID (64 hex) or entry ID (80 hex) of the entry" };
        var logIndex = new Option<long?>("--log-index") { Description = "The index of the entry in the transparency log" };
        var logKey = LogKeyFlag.Create();
        var bundle = new Option<string>("--bundle") { Description = "A Sigstore bundle (JSON) whose tlog entries to verify offline, against --log-public-key, --trusted-root, or else the log's current key" };
        var trustedRoot = new Option<string>("--trusted-root") { Description = "A Sigstore trusted_root.json whose Rekor v1 log keys to trust (with --bundle or --entry)" };
        var command = new Command("verify", "Verify an entry's inclusion in the log (online), a saved entry (--entry with a LogEntry JSON file, offline with --log-public-key), or a Sigstore bundle's tlog entries (--bundle, offline). " + ExitCodes.HelpText)
        {
            uuid,
            logIndex,
            logKey,
            bundle,
            trustedRoot,
        };
        foreach (var option in flags.All)
        {
            command.Options.Add(option);
        }

        CommandRunner.SetWork(command, options, environment, async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var keys = parse.GetValue(trustedRoot) is { } rootPath ? TrustedRootFlag.Source(rootPath) : LogKeyFlag.Source(context, logKey);
            if (parse.GetValue(bundle) is { } bundlePath)
            {
                var verification = BundleTlogEntryVerifier.VerifyBundle(LocalFiles.ReadText(bundlePath, "--bundle"), await keys.KeysForTreeAsync(null, cancellationToken).ConfigureAwait(false));
                return BundleReport.Show(context.Output, verification, bundlePath);
            }

            if (parse.GetValue(uuid) is { } givenUuid)
            {
                return EntryReport.Show(context.Output, await context.Client.GetVerifiedEntryByUuidAsync(givenUuid, keys, cancellationToken).ConfigureAwait(false), context.ServerUri);
            }

            if (parse.GetValue(logIndex) is { } givenIndex)
            {
                return EntryReport.Show(context.Output, await context.Client.GetVerifiedEntryByIndexAsync(givenIndex, keys, cancellationToken).ConfigureAwait(false), context.ServerUri);
            }

            if (parse.GetValue(flags.Entry) is { } entryPath && SavedLogEntry(LocalFiles.ReadText(entryPath, "--entry"), entryPath) is { } saved)
            {
                return await ShowAllAsync(context, await EntryVerification.VerifyAllAsync(saved, keys, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }

            if (!flags.AnyGiven(parse))
            {
                throw CliFailure.Usage("give --uuid, --log-index, --entry, or the artifact flags (--artifact/--artifact-hash, --signature, --public-key)");
            }

            var proposed = await flags.BuildAsync(parse, context.Timeout, cancellationToken).ConfigureAwait(false);
            var found = await context.Client.SearchLogQueryAsync(new SearchLogQuery { Entries = [proposed] }, cancellationToken).ConfigureAwait(false);
            var leaf = await LeafHashAsync(proposed, cancellationToken).ConfigureAwait(false);
            var results = new List<VerifiedLogEntry>();
            foreach (var (key, value) in found.SelectMany(e => e))
            {
                var match = EntryVerification.MatchesUuid(leaf, key);
                results.Add(await EntryVerification.VerifyAsync(key, value, keys, match, cancellationToken).ConfigureAwait(false));
            }

            if (results.Count == 0)
            {
                throw CliFailure.Verification($"the log holds no entry for this artifact (leaf hash {leaf})");
            }

            return await ShowAllAsync(context, results).ConfigureAwait(false);
        });
        return command;
    }

    private static Task<int> ShowAllAsync(CommandContext context, IReadOnlyList<VerifiedLogEntry> entries)
    {
        if (entries.Count == 0)
        {
            throw CliFailure.Usage("the saved entry file holds no entries");
        }

        var exitCode = ExitCodes.Ok;
        foreach (var entry in entries)
        {
            exitCode = Math.Max(exitCode, EntryReport.Show(context.Output, entry, context.ServerUri));
        }

        return Task.FromResult(exitCode);
    }

    /// <summary>
    /// The LogEntry a saved file holds: the log's own <c>{entryID: entry}</c> JSON, or <c>get --format json</c>'s
    /// output (its <c>entry</c> member). Null when the file is a proposed entry (it has a <c>kind</c>) instead.
    /// </summary>
    private static LogEntry? SavedLogEntry(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw CliFailure.Usage($"--entry {path}: not a JSON object");
            }

            if (root.TryGetProperty("kind", out _))
            {
                return null;
            }

            var entries = root.TryGetProperty("entry", out var wrapped) && root.TryGetProperty("checks", out _) ? wrapped : root;
            return entries.Deserialize<LogEntry>(RekorJson.Options) ?? throw CliFailure.Usage($"--entry {path}: null");
        }
        catch (JsonException e)
        {
            throw CliFailure.Usage($"--entry {path}: not a saved LogEntry or proposed entry: {e.Message}");
        }
    }

    private static async Task<string> LeafHashAsync(ProposedEntry proposed, CancellationToken cancellationToken)
    {
        var leaf = await ProposedEntries.LeafHashAsync(proposed, cancellationToken).ConfigureAwait(false);
        return leaf.Succeeded
            ? leaf.Value.ToHex()
            : throw CliFailure.Usage("couldn't canonicalize the entry: " + leaf.Error!.Message);
    }
}
