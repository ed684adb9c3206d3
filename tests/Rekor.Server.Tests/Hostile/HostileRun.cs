using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rekor.Server.Tests.Api;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// One hostile part, start to finish: note the tree and the server's output, send, print the seed, the rate and the
/// status counts, check that the server survived intact (<see cref="ServerIntegrity"/>), and fail with every broken
/// rule and its smallest offending requests.
/// </summary>
internal static class HostileRun
{
    public static async Task ExecuteAsync(RunningServer server, ITestOutputHelper output, string part, int minimumRequests, Func<ExchangeLedger, Task> send)
    {
        var before = await TreeState.ReadAsync(server.Client);
        var outputFrom = server.Output.Length;
        var ledger = new ExchangeLedger();
        output.WriteLine($"{part}: {HostileSeed.Replay}");

        var clock = Stopwatch.StartNew();
        await send(ledger);
        clock.Stop();

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{part}: {ledger.Count} requests in {clock.Elapsed.TotalSeconds:F1} s ({ledger.Count / Math.Max(clock.Elapsed.TotalSeconds, 0.001):F0}/s)"));
        output.WriteLine(ledger.StatusTable());
        var problems = await ServerIntegrity.CheckAsync(server, before, outputFrom, ledger, output.WriteLine);

        var failure = new StringBuilder();
        if (ledger.Count < minimumRequests)
        {
            failure.AppendLine(CultureInfo.InvariantCulture, $"only {ledger.Count} requests were sent, fewer than the {minimumRequests} this part promises");
        }

        foreach (var problem in problems)
        {
            failure.AppendLine(problem);
        }

        if (ledger.ViolationCount > 0)
        {
            failure.Append(ledger.ViolationReport());
        }

        if (failure.Length > 0)
        {
            var message = $"{part} ({HostileSeed.Replay}):\n{failure}\nstatuses:\n{ledger.StatusTable()}";
            output.WriteLine(message);
            Assert.Fail(message);
        }
    }
}
