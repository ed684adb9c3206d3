using Rekor.Cli.Inputs;
using Rekor.Cli.Output;
using Rekor.Core.Client;
using Spectre.Console;

namespace Rekor.Cli.Commands;

/// <summary>
/// <c>rekor upload --entries a.json b.json …</c>: prepared entries uploaded one after another, each verified as a single
/// upload is, with a progress display on a terminal. One file's failure does not stop the others; each gets a line
/// in the summary, and the exit code is the worst of them (usage 1, server 2, verification 3).
/// </summary>
internal static class BatchUpload
{
    private sealed record Outcome(string File, int ExitCode, string Result, long? Index, string? Uuid, string? Problem);

    public static async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> files, LogKeySource keys, CancellationToken cancellationToken)
    {
        var outcomes = new List<Outcome>();
        async Task UploadAllAsync(Action advance)
        {
            foreach (var file in files)
            {
                outcomes.Add(await UploadOneAsync(context, file, keys, cancellationToken).ConfigureAwait(false));
                advance();
            }
        }

        await context.Output.WithProgressAsync($"uploading {files.Count} entries", files.Count, UploadAllAsync).ConfigureAwait(false);

        Show(context.Output, outcomes);
        return outcomes.Max(o => o.ExitCode);
    }

    private static async Task<Outcome> UploadOneAsync(CommandContext context, string file, LogKeySource keys, CancellationToken cancellationToken)
    {
        try
        {
            if (!ProposedEntries.TryParse(LocalFiles.ReadText(file, "--entries"), out var proposed, out var error))
            {
                return new Outcome(file, ExitCodes.Usage, "not uploaded", null, null, error);
            }

            var (uploaded, verified) = await UploadCommand.UploadAndVerifyAsync(context, proposed, keys, cancellationToken).ConfigureAwait(false);
            return new Outcome(
                file,
                verified.IsVerified ? ExitCodes.Ok : ExitCodes.VerificationFailed,
                verified.IsVerified ? (uploaded.AlreadyExisted ? "already existed" : "created") : "VERIFICATION FAILED",
                uploaded.Entry.LogIndex,
                uploaded.EntryId,
                verified.IsVerified ? null : verified.FirstProblem);
        }
        catch (CliFailure e)
        {
            return new Outcome(file, e.ExitCode, "not uploaded", null, null, e.Message);
        }
        catch (RekorApiException e)
        {
            return new Outcome(file, ExitCodes.ServerError, "refused", null, null, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(file, ExitCodes.ServerError, "failed", null, null, e.Message);
        }
    }

    private static void Show(CommandOutput output, List<Outcome> outcomes)
    {
        if (output.IsJson)
        {
            output.WriteJson(outcomes.Select(o => new { file = o.File, result = o.Result, index = o.Index, uuid = o.Uuid, problem = o.Problem }));
        }
        else
        {
            var table = new Table().Title("Uploads").AddColumn("File").AddColumn("Result").AddColumn("Index").AddColumn("UUID");
            foreach (var outcome in outcomes)
            {
                table.AddRow(Markup.Escape(outcome.File), Markup.Escape(outcome.Result), outcome.Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", outcome.Uuid ?? "");
            }

            output.Console.Write(table);
        }

        foreach (var failed in outcomes.Where(o => o.ExitCode != ExitCodes.Ok))
        {
            output.ErrorLine($"error: {failed.File}: {failed.Result}: {failed.Problem}");
        }
    }
}
