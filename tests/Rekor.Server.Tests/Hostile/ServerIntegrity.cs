using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// What must still hold after a hostile part: the server process runs and answers <c>/ping</c>; the tree grew by
/// exactly the 201s the part got (each a legitimate entry), and is otherwise unchanged (same tree, same root); and the
/// server logged no failure (an ASP.NET Core <c>fail:</c> line is an unhandled exception, whatever the status was).
/// </summary>
internal static class ServerIntegrity
{
    private static readonly string[] FailureMarkers = ["fail:", "crit:", "Unhandled exception"];

    /// <summary>
    /// The problems found, one line each; 201s that are not legitimate are flagged in the ledger. Only the server's
    /// output from <paramref name="outputFrom"/> on (what it printed during the part) is searched for failures.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(RunningServer server, TreeState before, int outputFrom, ExchangeLedger ledger, Action<string> log)
    {
        var problems = new List<string>();
        if (!server.IsRunning)
        {
            problems.Add("the server process exited");
            return problems;
        }

        try
        {
            using var ping = await server.Client.GetAsync("/ping");
            if ((int)ping.StatusCode != 200)
            {
                problems.Add($"/ping answers {(int)ping.StatusCode}");
            }
        }
        catch (HttpRequestException e)
        {
            problems.Add("/ping does not answer: " + e.Message);
            return problems;
        }

        var created = ledger.Created;
        foreach (var exchange in created)
        {
            log("201: " + exchange);
            if (await CreatedEntryCheck.ProblemAsync(exchange, server.Client) is { } problem)
            {
                ledger.Flag(new Violation(CreatedEntryCheck.Rule, problem), exchange);
            }
        }

        var after = await TreeState.ReadAsync(server.Client);
        log($"tree before: {before}; after: {after}; 201s: {created.Count}");
        if (after.TreeId != before.TreeId || after.Size != before.Size + created.Count)
        {
            problems.Add($"the tree changed by other than the {created.Count} 201s: before {before}, after {after}");
        }
        else if (created.Count == 0 && after.RootHashHex != before.RootHashHex)
        {
            problems.Add($"the root changed with no entry added: before {before}, after {after}");
        }

        var failures = server.Output[outputFrom..].Split('\n').Where(line => FailureMarkers.Any(m => line.Contains(m, StringComparison.Ordinal))).ToList();
        if (failures.Count > 0)
        {
            problems.Add($"the server logged {failures.Count} failures (unhandled exceptions); the first:\n    "
                + string.Join("\n    ", failures.Take(3).Select(f => Escaped.Text(f, 400))));
        }

        return problems;
    }
}
